/**
 * A chart card as a PNG, laid out as it is on screen: each SVG chart serialised and drawn onto
 * a canvas, each canvas (the decision regions) copied directly, and the card's HTML text
 * (title, subtitle, legends, read-outs) and colour swatches painted at their positions.
 * Drawn at twice the screen resolution, so it stays sharp on a slide.
 */

const SCALE = 2;

/** Elements a PNG leaves out: buttons on the card, and text meant only for screen readers. */
function skipped(el: Element): boolean {
  return el.closest('[data-export-skip]') !== null || el.classList.contains('sr-only');
}

function visible(el: Element): boolean {
  const style = getComputedStyle(el);
  return style.display !== 'none' && style.visibility !== 'hidden' && Number(style.opacity) > 0;
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('the chart could not be drawn as an image'));
    img.src = url;
  });
}

/** An SVG as a self-contained image: its size fixed, and the page's font written into it. */
async function svgImage(svg: SVGSVGElement, width: number, height: number): Promise<HTMLImageElement> {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const style = getComputedStyle(svg);
  clone.style.fontFamily = style.fontFamily;
  clone.style.color = style.color;
  const xml = new XMLSerializer().serializeToString(clone);
  return loadImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`);
}

function transparent(color: string): boolean {
  return color === 'transparent' || color === 'rgba(0, 0, 0, 0)' || color === '';
}

/** Paints a text node word by word at the places the browser laid the words out. */
function paintText(ctx: CanvasRenderingContext2D, node: Text, origin: DOMRect): void {
  const parent = node.parentElement;
  if (!parent) return;
  const style = getComputedStyle(parent);
  ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  ctx.fillStyle = style.color;
  ctx.textBaseline = 'middle';
  const text = node.data;
  const range = document.createRange();
  for (const match of text.matchAll(/\S+/g)) {
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    const rect = range.getBoundingClientRect();
    if (rect.width === 0) continue;
    ctx.fillText(match[0], rect.left - origin.left, rect.top - origin.top + rect.height / 2);
  }
}

/** Fills an element's background (legend swatches, read-out boxes), round where it is round. */
function paintBox(ctx: CanvasRenderingContext2D, el: HTMLElement, origin: DOMRect): void {
  const style = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const x = r.left - origin.left;
  const y = r.top - origin.top;
  // Bottom rules: what separates the rows of a table.
  const rule = parseFloat(style.borderBottomWidth) || 0;
  if (rule > 0 && style.borderBottomStyle !== 'none' && !transparent(style.borderBottomColor)) {
    ctx.fillStyle = style.borderBottomColor;
    ctx.fillRect(x, y + r.height - rule, r.width, rule);
  }
  if (transparent(style.backgroundColor)) return;
  ctx.fillStyle = style.backgroundColor;
  ctx.beginPath();
  const radius = Math.min(parseFloat(style.borderTopLeftRadius) || 0, r.width / 2, r.height / 2);
  ctx.roundRect(x, y, r.width, r.height, radius);
  ctx.fill();
}

/** Draws `card` (a chart card) into a new canvas. */
export async function rasterize(card: HTMLElement): Promise<HTMLCanvasElement> {
  const origin = card.getBoundingClientRect();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(origin.width * SCALE);
  canvas.height = Math.ceil(origin.height * SCALE);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw on a canvas');
  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, origin.width, origin.height);

  const walker = document.createTreeWalker(card, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => {
      // Inside an SVG the serialised image already holds everything.
      if (node.parentElement?.closest('svg')) return NodeFilter.FILTER_REJECT;
      if (node instanceof Text) return node.data.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      if (!(node instanceof Element) || skipped(node) || !visible(node)) return NodeFilter.FILTER_REJECT;
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  const images: Promise<void>[] = [];
  // Layers are drawn in document order; SVG and canvas images load asynchronously, so remember
  // their slots and draw everything in order once they have loaded.
  const layers: (() => void)[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node instanceof Text) {
      const text = node;
      layers.push(() => paintText(ctx, text, origin));
    } else if (node instanceof SVGSVGElement) {
      const r = node.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const slot = layers.push(() => undefined) - 1;
      images.push(
        svgImage(node, r.width, r.height).then((img) => {
          layers[slot] = () => ctx.drawImage(img, r.left - origin.left, r.top - origin.top, r.width, r.height);
        }),
      );
    } else if (node instanceof HTMLCanvasElement) {
      const r = node.getBoundingClientRect();
      const source = node;
      layers.push(() => ctx.drawImage(source, r.left - origin.left, r.top - origin.top, r.width, r.height));
    } else if (node instanceof HTMLElement && node !== card) {
      const el = node;
      layers.push(() => paintBox(ctx, el, origin));
    }
  }
  await Promise.all(images);
  for (const draw of layers) draw();
  return canvas;
}

/** The card as PNG bytes. */
export async function chartPng(card: HTMLElement): Promise<Blob> {
  const canvas = await rasterize(card);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))), 'image/png'));
}
