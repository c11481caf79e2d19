import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

/**
 * A TeX formula rendered by KaTeX. The TeX comes only from the method registry (our own code),
 * never from a link or a file, and KaTeX escapes what it renders; `trust` stays off.
 */
export function Formula({ tex, display = true }: { tex: string; display?: boolean }) {
  const html = useMemo(() => katex.renderToString(tex, { displayMode: display, throwOnError: false, trust: false }), [tex, display]);
  return <span className="formula" dangerouslySetInnerHTML={{ __html: html }} />;
}
