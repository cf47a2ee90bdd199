// Renders receipt PDF bytes into canvases with pdf.js. The library and its worker are bundled
// locally (no CDN) and loaded only when a preview is first shown, to keep start-up fast.
// Tests swap the renderer with `setPdfRenderer` (jsdom has no canvas).

import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

/** Draws every page of `data` into `container`; resolves to the page count. */
export type PdfRenderer = (data: Uint8Array, container: HTMLElement, pageWidthPx: number) => Promise<number>;

const renderWithPdfjs: PdfRenderer = async (data, container, pageWidthPx) => {
  const pdfjs = await import('pdfjs-dist');
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  // pdf.js transfers the buffer to its worker: hand it a copy so the caller's bytes stay usable.
  const doc = await pdfjs.getDocument({ data: data.slice(), isEvalSupported: false, useSystemFonts: true })
    .promise;
  try {
    const dpr = window.devicePixelRatio || 1;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const base = page.getViewport({ scale: 1 });
      const scale = pageWidthPx / base.width;
      const viewport = page.getViewport({ scale: scale * dpr });
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.style.width = `${Math.floor(base.width * scale)}px`;
      canvas.style.height = `${Math.floor(base.height * scale)}px`;
      canvas.dataset.testid = `receipt-page-${n}`;
      canvas.setAttribute('role', 'img');
      container.append(canvas);
      await page.render({ canvas, viewport }).promise;
    }
    return doc.numPages;
  } finally {
    await doc.destroy();
  }
};

let renderer: PdfRenderer = renderWithPdfjs;

export function setPdfRenderer(r: PdfRenderer | null): void {
  renderer = r ?? renderWithPdfjs;
}

export function renderPdf(data: Uint8Array, container: HTMLElement, pageWidthPx: number): Promise<number> {
  return renderer(data, container, pageWidthPx);
}
