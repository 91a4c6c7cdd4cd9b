// A few helpers that write MathML markup as strings, so formulas stay data (chart-explainers.ts)
// and render natively in the browser (with a plain-words reading beside each one).

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A flat expression: letter runs become identifiers (`x_t`, `π_{old}` subscripted), digit runs numbers,
 * anything else an operator; a space between two words stays a space ("log r", "ln N").
 */
export function t(expr: string): string {
  const out: string[] = [];
  let prevWord = false;
  for (const m of expr.matchAll(/(\s+)|([A-Za-zα-ωΑ-Ωπ]+)(?:_(\{[^}]*\}|[A-Za-z0-9]+))?|(\d+(?:\.\d+)?)|(\S)/gu)) {
    if (m[1]) continue;
    const word = m[2] !== undefined;
    if (word && prevWord && /\s$/.test(expr.slice(0, m.index))) out.push(space);
    if (word) out.push(m[3] ? sub(`<mi>${esc(m[2])}</mi>`, t(m[3].replace(/^\{|\}$/g, ''))) : `<mi>${esc(m[2])}</mi>`);
    else if (m[4]) out.push(`<mn>${m[4]}</mn>`);
    else out.push(`<mo>${esc(m[5])}</mo>`);
    prevWord = word;
  }
  return out.length === 1 ? out[0] : `<mrow>${out.join('')}</mrow>`;
}

export const row = (...parts: string[]): string => `<mrow>${parts.join('')}</mrow>`;
export const frac = (num: string, den: string): string => `<mfrac>${num}${den}</mfrac>`;
export const sub = (base: string, index: string): string => `<msub>${base}${index}</msub>`;
export const sup = (base: string, power: string): string => `<msup>${base}${power}</msup>`;
export const sqrt = (body: string): string => `<msqrt>${body}</msqrt>`;
export const over = (base: string, accent: string): string => `<mover accent="true">${base}<mo>${esc(accent)}</mo></mover>`;
/** A big operator with limits under and over it (∑ from t = 0 to T − 1). */
export const bigOp = (op: string, under: string, overLimit = ''): string =>
  overLimit ? `<munderover><mo>${esc(op)}</mo>${under}${overLimit}</munderover>` : `<munder><mo>${esc(op)}</mo>${under}</munder>`;
export const text = (s: string): string => `<mtext>${esc(s)}</mtext>`;
export const space = '<mspace width="0.25em"></mspace>';

/** A display formula (its reading in words sits beside it, in the explainer). */
export function math(...parts: string[]): string {
  return `<math display="block">${row(...parts)}</math>`;
}
