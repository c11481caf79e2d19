import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useLayoutEffect, useRef } from 'react';

/**
 * A TeX formula rendered by KaTeX. The TeX comes only from the method registry (our own code),
 * never from a link or a file, and KaTeX escapes what it renders; `trust` stays off.
 *
 * Rendered into the element (katex.render), not as an HTML string: KaTeX then sizes its boxes
 * through the element's style object, which the site's Content-Security-Policy allows, whereas
 * the `style="…"` attributes of renderToString's markup would need 'unsafe-inline'.
 */
export function Formula({ tex, display = true }: { tex: string; display?: boolean }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    if (ref.current) katex.render(tex, ref.current, { displayMode: display, throwOnError: false, trust: false });
  }, [tex, display]);
  return <span className="formula" ref={ref} />;
}
