import { readFile } from 'node:fs/promises';
import { TesseractEngine } from '../shared/ocr/tesseract-engine.ts';
import { runCli } from './jsonl.ts';

const USAGE = `usage: npm run --silent ocr -- <image-or-pdf>
Reads a scanned Persian letter (a PNG, JPEG or TIFF page, or a PDF of up to 30 pages, rendered at
200 DPI) with the same engine the OCR function uses and writes
{"text","confidence","lines":[{"text","confidence"}]} (confidence 0–1; a PDF's pages in order).`;

runCli(USAGE, async ([path]) => {
  const bytes = await readFile(path as string);
  const engine = new TesseractEngine();
  try {
    const document = await engine.recognize({ bytes, contentType: 'application/octet-stream' });
    const lines = document.pages.flatMap((p) =>
      p.lines.map((l) => ({ text: l.text, confidence: l.confidence })),
    );
    process.stdout.write(
      `${JSON.stringify({ text: document.text, confidence: document.confidence, lines })}\n`,
    );
  } finally {
    await engine.close();
  }
});
