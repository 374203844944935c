import PDFDocument from 'pdfkit';
import type { ReportChart, ReportDocument, ReportTable } from './report-document';

type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = 40;
const COLOURS = ['#1f5fa8', '#d9822b', '#2a9d5c', '#b33a3a', '#7a4fb3', '#555555'];

/** A readable one- or two-page A4 landscape report: title, facts, a chart, then the tables. */
export async function renderPdf(doc: ReportDocument): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    info: { Title: doc.title, Author: 'KAP Clinic Platform', Subject: doc.subtitle },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  pdf.font('Helvetica-Bold').fontSize(18).text(doc.title);
  pdf.font('Helvetica').fontSize(10).fillColor('#444444').text(doc.subtitle).moveDown(0.5);
  pdf.fillColor('black').fontSize(9);
  for (const [k, v] of doc.facts)
    pdf.font('Helvetica-Bold').text(`${k}: `, { continued: true }).font('Helvetica').text(v);
  pdf.moveDown(0.5);
  if (doc.chart) drawChart(pdf, doc.chart);
  for (const table of doc.tables) drawTable(pdf, table);
  if (doc.notes.length) {
    pdf.moveDown(0.5).fontSize(7).fillColor('#444444');
    for (const n of doc.notes) pdf.text(n, { width: pdf.page.width - 2 * MARGIN });
  }
  pdf.end();
  return done;
}

function drawChart(pdf: Doc, chart: ReportChart) {
  const width = pdf.page.width - 2 * MARGIN;
  const height = 170;
  const x0 = MARGIN + 35;
  const top = pdf.y + 16;
  const plotW = Math.min(width - 160, 560);
  const values = chart.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const max = Math.max(1, ...values) * 1.1;
  pdf.font('Helvetica-Bold').fontSize(11).fillColor('black').text(chart.title, MARGIN, pdf.y);
  const y = (v: number) => top + height - (v / max) * height;
  // Axes and a few grid lines.
  pdf.lineWidth(0.5).strokeColor('#999999');
  pdf
    .moveTo(x0, top)
    .lineTo(x0, top + height)
    .lineTo(x0 + plotW, top + height)
    .stroke();
  pdf.font('Helvetica').fontSize(7).fillColor('#444444');
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    pdf.text(v.toFixed(v < 10 ? 1 : 0), x0 - 30, y(v) - 3, { width: 26, align: 'right' });
    pdf
      .moveTo(x0, y(v))
      .lineTo(x0 + plotW, y(v))
      .strokeColor('#e5e5e5')
      .stroke();
  }
  pdf.save().rotate(-90, { origin: [MARGIN - 2, top + height / 2] });
  pdf.text(chart.yLabel, MARGIN - 40, top + height / 2 - 3, { width: 80, align: 'center' });
  pdf.restore();
  const slot = plotW / Math.max(1, chart.labels.length);
  chart.labels.forEach((label, i) =>
    pdf.fillColor('#444444').text(label, x0 + i * slot, top + height + 4, { width: slot, align: 'center' }),
  );
  chart.series.forEach((series, s) => {
    const colour = COLOURS[s % COLOURS.length];
    if (chart.kind === 'bar') {
      const barW = (slot * 0.7) / chart.series.length;
      series.values.forEach((v, i) => {
        if (v === null) return;
        const bx = x0 + i * slot + slot * 0.15 + s * barW;
        pdf.rect(bx, y(v), barW, top + height - y(v)).fill(colour);
      });
    } else {
      let started = false;
      series.values.forEach((v, i) => {
        if (v === null) {
          started = false;
          return;
        }
        const px = x0 + i * slot + slot / 2;
        if (started) pdf.lineTo(px, y(v));
        else pdf.moveTo(px, y(v));
        started = true;
      });
      pdf.lineWidth(1.5).strokeColor(colour).stroke();
      series.values.forEach((v, i) => {
        if (v !== null) pdf.circle(x0 + i * slot + slot / 2, y(v), 2.2).fill(colour);
      });
    }
    // Legend on the right.
    const ly = top + s * 12;
    pdf.rect(x0 + plotW + 15, ly, 8, 8).fill(colour);
    pdf
      .fillColor('black')
      .fontSize(7)
      .text(series.name.slice(0, 40), x0 + plotW + 27, ly, { width: 110 });
  });
  pdf.fillColor('black');
  pdf.x = MARGIN;
  pdf.y = top + height + 22;
}

function drawTable(pdf: Doc, table: ReportTable) {
  const width = pdf.page.width - 2 * MARGIN;
  const colW = width / table.columns.length;
  const rowH = 13;
  const ensure = (h: number) => {
    if (pdf.y + h > pdf.page.height - MARGIN) pdf.addPage();
  };
  ensure(rowH * 3);
  pdf
    .font('Helvetica-Bold')
    .fontSize(10)
    .fillColor('black')
    .text(table.title, MARGIN, pdf.y + 4);
  const header = (yy: number) => {
    pdf.rect(MARGIN, yy, width, rowH + 6).fill('#eef2f7');
    pdf.fillColor('black').font('Helvetica-Bold').fontSize(6.5);
    table.columns.forEach((c, i) =>
      pdf.text(c, MARGIN + i * colW + 2, yy + 2, { width: colW - 4, height: rowH + 4 }),
    );
    return yy + rowH + 6;
  };
  let yy = header(pdf.y + 2);
  pdf.font('Helvetica').fontSize(7);
  for (const row of table.rows) {
    if (yy + rowH > pdf.page.height - MARGIN) {
      pdf.addPage();
      yy = header(MARGIN);
      pdf.font('Helvetica').fontSize(7);
    }
    row.forEach((cell, i) =>
      pdf.fillColor('black').text(cell === null ? '—' : String(cell), MARGIN + i * colW + 2, yy + 2, {
        width: colW - 4,
        height: rowH,
        lineBreak: false,
        ellipsis: true,
      }),
    );
    pdf
      .moveTo(MARGIN, yy + rowH)
      .lineTo(MARGIN + width, yy + rowH)
      .lineWidth(0.3)
      .strokeColor('#dddddd')
      .stroke();
    yy += rowH;
  }
  pdf.x = MARGIN;
  pdf.y = yy + 8;
}
