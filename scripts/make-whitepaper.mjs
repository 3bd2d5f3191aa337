// Writes demo/whitepaper.pdf: a small, valid two-page PDF (the demo site's download).
//   node scripts/make-whitepaper.mjs
// Hand-assembled PDF 1.4 with the standard Helvetica fonts, so no dependency is needed;
// the cross-reference table holds the exact byte offset of every object.
import { writeFileSync } from 'node:fs';

const pages = [
  [
    ['F2', 26, 'The 2025 Spend Control Report'],
    ['F1', 13, 'What 412 finance leaders told us about closing faster'],
    ['F1', 11, ''],
    ['F2', 14, 'Key findings'],
    ['F1', 11, '1. The median mid-market team closes its books in 10 business days; the best close in 3.'],
    ['F1', 11, '2. Teams with three-way matching touch 4x fewer invoices by hand.'],
    ['F1', 11, '3. Duplicate payments cost the average company 0.8% of annual spend.'],
    ['F1', 11, '4. 71% of spend surprises were visible as purchase orders weeks earlier.'],
    ['F1', 11, ''],
    ['F2', 14, 'Method'],
    ['F1', 11, 'We surveyed 412 controllers, CFOs and AP managers at companies with 200-5,000'],
    ['F1', 11, 'employees in North America and Europe between October and December 2024.'],
  ],
  [
    ['F2', 14, 'Five habits of teams that close in three days'],
    ['F1', 11, 'Accruals fall out of purchase orders and receipts instead of emails.'],
    ['F1', 11, 'Exceptions are routed to the buyer who caused them.'],
    ['F1', 11, 'The close starts five days before month end with daily reconciliation.'],
    ['F1', 11, 'One leading indicator, the touchless match rate, is checked on day two.'],
    ['F1', 11, 'Capture, matching and approval routing are automated; people keep judgement.'],
    ['F1', 11, ''],
    ['F1', 11, 'Tallyworks is a fictional company used by the Kindling demo site.'],
    ['F1', 11, 'See it on your invoices: request a demo at /demo/demo-request.html'],
  ],
];

const escapeText = (s) => s.replace(/[\\()]/g, (c) => `\\${c}`);
function contentStream(lines) {
  let y = 760;
  const ops = ['BT'];
  for (const [font, size, text] of lines) {
    y -= Math.round(size * 1.9);
    ops.push(`/${font} ${size} Tf 1 0 0 1 64 ${y} Tm (${escapeText(text)}) Tj`);
  }
  ops.push('ET');
  return ops.join('\n');
}

// Object numbers: 1 catalog, 2 pages, 3-4 fonts, 5 info, then (page, content) pairs.
const objects = [];
const pageIds = pages.map((_, i) => 6 + i * 2);
objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
objects[4] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>';
objects[5] = '<< /Title (The 2025 Spend Control Report) /Author (Tallyworks) /Producer (Kindling demo) >>';
pages.forEach((lines, i) => {
  const stream = contentStream(lines);
  objects[pageIds[i]] =
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> ' +
    `/Contents ${pageIds[i] + 1} 0 R >>`;
  objects[pageIds[i] + 1] = `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`;
});

let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
const offsets = [];
for (let id = 1; id < objects.length; id++) {
  offsets[id] = Buffer.byteLength(pdf, 'latin1');
  pdf += `${id} 0 obj\n${objects[id]}\nendobj\n`;
}
const xrefAt = Buffer.byteLength(pdf, 'latin1');
pdf += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
for (let id = 1; id < objects.length; id++) pdf += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
pdf += `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;

writeFileSync(new URL('../demo/whitepaper.pdf', import.meta.url), Buffer.from(pdf, 'latin1'));
console.log(`demo/whitepaper.pdf: ${Buffer.byteLength(pdf, 'latin1')} bytes, ${pages.length} pages`);
