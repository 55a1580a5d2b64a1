/**
 * The personal report as a PDF: plain, printable, built from the engine's personalReport so
 * the page and the PDF can never disagree. Standard PDF fonts (no font files, no network).
 */
import type PDFKit from 'pdfkit';
import type { PersonalReport } from '@samenspel/engine';
import type { Lang } from '../http/messages.js';

const L = {
  nl: {
    title: 'Persoonlijk verslag',
    session: 'Sessie',
    date: 'Datum',
    side: 'Eigen kant',
    roles: 'Je rollen',
    round: 'Ronde',
    choices: 'Je keuzes',
    group: 'besluit van de groep',
    accuracy: 'Voorspellen: hoe goed kende je de ander?',
    before: 'Vóór de perspectiefwissel',
    after: 'Na de perspectiefwissel',
    none: 'geen',
    profile: 'Vier overheidsrollen (jij / groep)',
    feedback: 'Feedback van de trainer',
    reflections: 'Je reflecties',
    ending: 'Afloop',
    correct: (c: number, t: number, p: number) => `${p}% goed (${c} van ${t})`,
    sides: { bestuurder: 'bestuurder', ambtenaar: 'ambtenaar', raadslid: 'raadslid', gast: 'gast' } as Record<string, string>,
    roles4: { rechtmatig: 'Rechtmatig', presterend: 'Presterend', netwerkend: 'Netwerkend', responsief: 'Responsief' } as Record<string, string>,
  },
  en: {
    title: 'Personal report',
    session: 'Session',
    date: 'Date',
    side: 'Own side',
    roles: 'Your roles',
    round: 'Round',
    choices: 'Your choices',
    group: 'group decision',
    accuracy: 'Predicting: how well did you know the other side?',
    before: 'Before the perspective switch',
    after: 'After the perspective switch',
    none: 'none',
    profile: 'Four government roles (you / group)',
    feedback: 'Feedback from the trainer',
    reflections: 'Your reflections',
    ending: 'Ending',
    correct: (c: number, t: number, p: number) => `${p}% correct (${c} of ${t})`,
    sides: { bestuurder: 'politician', ambtenaar: 'civil servant', raadslid: 'council member', gast: 'guest' } as Record<string, string>,
    roles4: { rechtmatig: 'Lawful', presterend: 'Performing', netwerkend: 'Networking', responsief: 'Responsive' } as Record<string, string>,
  },
};

export async function personalReportPdf(r: PersonalReport, lang: Lang, opts: { compress?: boolean } = {}): Promise<Buffer> {
  // Loaded on the first report, not at every start.
  const { default: PDFDocument } = await import('pdfkit');
  const l = L[lang];
  const doc: PDFKit.PDFDocument = new PDFDocument({ size: 'A4', margin: 56, compress: opts.compress ?? true, info: { Title: `${l.title} ${r.name}`, Author: 'Samenspel' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const h = (text: string) => doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(text).moveDown(0.2).font('Helvetica').fontSize(11);
  const acc = (a: PersonalReport['accuracy']['all']) => (a.rate === null ? l.none : l.correct(a.correct, a.total, Math.round(a.rate * 100)));

  doc.font('Helvetica-Bold').fontSize(20).text(`${l.title}: ${r.name}`);
  doc.font('Helvetica').fontSize(11).moveDown(0.3);
  doc.text(`${l.session}: ${r.sessionTitle}`);
  doc.text(`${l.date}: ${r.date}`);
  doc.text(`${l.side}: ${l.sides[r.side] ?? r.side}`);

  h(l.roles);
  for (const x of r.roles) doc.text(`${l.round} ${x.round + 1}: ${x.roleName}`);
  h(l.choices);
  if (r.choices.length === 0) doc.text(l.none);
  for (const c of r.choices) doc.text(`• ${c.prompt} — ${c.answer}${c.outcome ? ` (${l.group}: ${c.outcome})` : ''}`, { paragraphGap: 4 });
  h(l.accuracy);
  doc.text(`${l.before}: ${acc(r.accuracy.before)}`);
  doc.text(`${l.after}: ${acc(r.accuracy.after)}`);
  h(l.profile);
  for (const k of Object.keys(l.roles4)) doc.text(`${l.roles4[k]}: ${r.profile[k as keyof typeof r.profile] ?? 0} / ${r.groupProfile[k as keyof typeof r.groupProfile] ?? 0}`);
  h(l.feedback);
  if (r.feedback.length === 0) doc.text(l.none);
  for (const f of r.feedback) doc.text(`${f.scene ? `${f.scene}: ` : ''}${f.text}`, { paragraphGap: 6 });
  h(l.reflections);
  if (r.reflections.length === 0) doc.text(l.none);
  for (const x of r.reflections) {
    doc.font('Helvetica-Oblique').text(x.question).font('Helvetica').text(x.text, { paragraphGap: 6 });
  }
  if (r.ending) h(`${l.ending}: ${r.ending}`);
  doc.end();
  return done;
}
