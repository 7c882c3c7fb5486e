import type { Block } from '@aws-sdk/client-textract';
import { describe, expect, it } from 'vitest';
import { parseTextractBlocks } from '../../../shared/ocr/textract-parser.ts';

/**
 * Textract-shaped responses as DetectDocumentText / GetDocumentTextDetection return them: a PAGE
 * block per page whose CHILD relationship lists its LINEs, LINE blocks with text, confidence,
 * geometry and CHILD WORDs, WORD blocks with their own confidence; `Page` on every block of a
 * multi-page (asynchronous) result. Blocks come in Textract's own order, which is not always
 * the reading order of a multi-column page.
 */
let counter = 0;
function page(
  page: number,
  lines: Array<{ text: string; left: number; top: number; width: number; confidence?: number[] }>,
): Block[] {
  const blocks: Block[] = [];
  const lineIds: string[] = [];
  for (const line of lines) {
    const id = `line-${++counter}`;
    lineIds.push(id);
    const words = line.text.split(' ').map((word, i) => ({
      BlockType: 'WORD' as const,
      Id: `word-${++counter}`,
      Text: word,
      TextType: 'PRINTED' as const,
      Confidence: line.confidence?.[i] ?? 99.1,
      Page: page,
      Geometry: { BoundingBox: { Left: line.left, Top: line.top, Width: line.width / 3, Height: 0.02 } },
    }));
    blocks.push({
      BlockType: 'LINE',
      Id: id,
      Text: line.text,
      Confidence: 98.7,
      Page: page,
      Geometry: {
        BoundingBox: { Left: line.left, Top: line.top, Width: line.width, Height: 0.02 },
        Polygon: [
          { X: line.left, Y: line.top },
          { X: line.left + line.width, Y: line.top },
          { X: line.left + line.width, Y: line.top + 0.02 },
          { X: line.left, Y: line.top + 0.02 },
        ],
      },
      Relationships: [{ Type: 'CHILD', Ids: words.map((w) => w.Id) }],
    });
    blocks.push(...words);
  }
  return [
    {
      BlockType: 'PAGE',
      Id: `page-${page}`,
      Page: page,
      Geometry: { BoundingBox: { Left: 0, Top: 0, Width: 1, Height: 1 } },
      Relationships: [{ Type: 'CHILD', Ids: lineIds }],
    },
    ...blocks,
  ];
}

describe('Textract block parser', () => {
  it('reads a single-column page in order, with word-level confidence', () => {
    const document = parseTextractBlocks(
      page(1, [
        { text: 'Dear Governor,', left: 0.1, top: 0.1, width: 0.3 },
        {
          text: 'The road to our village is closed.',
          left: 0.1,
          top: 0.15,
          width: 0.5,
          confidence: [99, 99, 60, 99, 99, 99, 99],
        },
      ]),
    );
    expect(document.engine).toBe('textract');
    expect(document.text).toBe('Dear Governor,\nThe road to our village is closed.');
    expect(document.pages[0]?.lines[1]?.confidence).toBe(0.6);
    expect(document.confidence).toBeGreaterThan(0.6);
    expect(document.confidence).toBeLessThan(0.99);
  });

  it('reads a two-column page column by column, between a full-width header and footer', () => {
    // Textract listed the lines row by row across both columns.
    const document = parseTextractBlocks(
      page(1, [
        { text: 'Petition of the villagers of Chalab', left: 0.1, top: 0.05, width: 0.8 },
        { text: 'left column line one', left: 0.08, top: 0.2, width: 0.38 },
        { text: 'right column line one', left: 0.55, top: 0.2, width: 0.38 },
        { text: 'left column line two', left: 0.08, top: 0.25, width: 0.36 },
        { text: 'right column line two', left: 0.55, top: 0.25, width: 0.37 },
        { text: 'Signed by forty-two residents of the village', left: 0.1, top: 0.9, width: 0.75 },
      ]),
    );
    expect(document.text.split('\n')).toEqual([
      'Petition of the villagers of Chalab',
      'left column line one',
      'left column line two',
      'right column line one',
      'right column line two',
      'Signed by forty-two residents of the village',
    ]);
  });

  it('reads right-to-left columns from the right for Arabic-script documents', () => {
    const document = parseTextractBlocks(
      page(1, [
        { text: 'عمود أيسر', left: 0.08, top: 0.2, width: 0.38 },
        { text: 'عمود أيمن', left: 0.55, top: 0.2, width: 0.38 },
      ]),
      { rightToLeft: true },
    );
    expect(document.text).toBe('عمود أيمن\nعمود أيسر');
  });

  it('splits the pages of an asynchronous multi-page result, whatever order they came in', () => {
    // GetDocumentTextDetection pages through NextToken; the caller concatenates the Blocks.
    const blocks = [
      ...page(2, [{ text: 'second page', left: 0.1, top: 0.1, width: 0.3 }]),
      ...page(1, [{ text: 'first page', left: 0.1, top: 0.1, width: 0.3 }]),
    ];
    const document = parseTextractBlocks(blocks);
    expect(document.pages.map((p) => p.page)).toEqual([1, 2]);
    expect(document.text).toBe('first page\n\nsecond page');
  });

  it('gives an empty document for a page with no text', () => {
    const document = parseTextractBlocks(page(1, []));
    expect(document).toMatchObject({ text: '', confidence: 0, pages: [{ page: 1, lines: [] }] });
  });
});
