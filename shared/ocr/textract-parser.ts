import type { Block } from '@aws-sdk/client-textract';
import { assembleDocument, type DigitizedDocument, type OcrLine, type OcrPage } from './document.ts';

/**
 * Textract's Block graph (DetectDocumentText, or all the pages of GetDocumentTextDetection joined
 * across NextToken) to the digitized-document shape. LINE blocks carry the text; their WORD
 * children give the confidence of each word; Page numbers split pages. Lines are put in reading
 * order by columns: lines whose horizontal extents overlap form a column, columns are read
 * left to right (right to left for right-to-left scripts), and lines top to bottom in each.
 */
export function parseTextractBlocks(
  blocks: readonly Block[],
  options: { rightToLeft?: boolean } = {},
): DigitizedDocument {
  const byId = new Map(blocks.filter((b) => b.Id).map((b) => [b.Id as string, b]));
  const pages = new Map<number, OcrLine[]>();
  for (const block of blocks) {
    if (block.BlockType === 'PAGE') pages.set(block.Page ?? 1, pages.get(block.Page ?? 1) ?? []);
    if (block.BlockType !== 'LINE' || !block.Text) continue;
    const words = (block.Relationships ?? [])
      .filter((r) => r.Type === 'CHILD')
      .flatMap((r) => r.Ids ?? [])
      .map((id) => byId.get(id))
      .filter((w): w is Block => w?.BlockType === 'WORD');
    const confidences = words.length ? words.map((w) => w.Confidence ?? 0) : [block.Confidence ?? 0];
    const box = block.Geometry?.BoundingBox ?? {};
    const line: OcrLine = {
      text: block.Text,
      confidence: Math.round((Math.min(...confidences) / 100) * 1000) / 1000,
      box: { left: box.Left ?? 0, top: box.Top ?? 0, width: box.Width ?? 0, height: box.Height ?? 0 },
    };
    const page = block.Page ?? 1;
    pages.set(page, [...(pages.get(page) ?? []), line]);
  }
  const ordered: OcrPage[] = [...pages.entries()]
    .sort(([a], [b]) => a - b)
    .map(([page, lines]) => ({ page, lines: readingOrder(lines, options.rightToLeft ?? false) }));
  return assembleDocument('textract', ordered);
}

/**
 * Groups lines into columns by overlapping horizontal extents, then orders columns and lines.
 * A line spanning most of the page (a heading, a signature line) ends the columns above it, so
 * a letter's header, two columns and footer read in that order.
 */
export function readingOrder(lines: readonly OcrLine[], rightToLeft: boolean): OcrLine[] {
  const out: OcrLine[] = [];
  let columns: Array<{ left: number; right: number; lines: OcrLine[] }> = [];
  const flush = () => {
    columns.sort((a, b) => (rightToLeft ? b.right - a.right : a.left - b.left));
    for (const column of columns) out.push(...column.lines.sort((a, b) => a.box.top - b.box.top));
    columns = [];
  };
  for (const line of [...lines].sort((a, b) => a.box.top - b.box.top)) {
    if (line.box.width > 0.6) {
      flush();
      out.push(line);
      continue;
    }
    const left = line.box.left;
    const right = line.box.left + line.box.width;
    const column = columns.find(
      (c) =>
        Math.min(c.right, right) - Math.max(c.left, left) > 0.5 * Math.min(c.right - c.left, right - left),
    );
    if (column) {
      column.lines.push(line);
      column.left = Math.min(column.left, left);
      column.right = Math.max(column.right, right);
    } else {
      columns.push({ left, right, lines: [line] });
    }
  }
  flush();
  return out;
}
