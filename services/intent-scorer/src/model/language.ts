import type { Token } from './tokenize.ts';

/**
 * Cheap language guess: the dominant script first, then stopword counts for Latin-script
 * languages. The rubric cues are English, so anything else is scored conservatively.
 */

const SCRIPTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\u3040-\u30ff]/g, 'ja'],
  [/[\uac00-\ud7af]/g, 'ko'],
  [/[\u4e00-\u9fff]/g, 'zh'],
  [/[\u0400-\u04ff]/g, 'ru'],
  [/[\u0600-\u06ff]/g, 'ar'],
  [/[\u0590-\u05ff]/g, 'he'],
  [/[\u0370-\u03ff]/g, 'el'],
  [/[\u0900-\u097f]/g, 'hi'],
  [/[\u0e00-\u0e7f]/g, 'th'],
];

/** Stopwords per language (exported for the test that checks detectLanguage against a per-set scan). */
export const STOPWORDS: Record<string, ReadonlySet<string>> = {
  en: new Set(['the', 'and', 'is', 'are', 'for', 'to', 'of', 'a', 'an', 'in', 'on', 'with', 'what', 'we', 'you', 'i', 'it', 'this', 'that', 'any', 'do', 'does', 'our', 'my', 'how', 'looking', 'anyone', 'there', 'be', 'have', 'has', 'or', 'from', 'use', 'can', 'who', 'which', 'would', 'should', 'your', 'at', 'by', 'about', 'not', 'but', 'they', 'was']),
  es: new Set(['el', 'la', 'los', 'las', 'que', 'de', 'y', 'en', 'un', 'una', 'para', 'con', 'por', 'es', 'busco', 'alguien', 'recomienda', 'nuestro', 'nuestra', 'mi', 'del', 'como', 'qué', 'pero', 'más', 'alguna', 'algún', 'empresa']),
  fr: new Set(['le', 'la', 'les', 'des', 'et', 'est', 'un', 'une', 'pour', 'avec', 'dans', 'que', 'qui', 'je', 'nous', 'vous', 'du', 'sur', 'pas', 'cherche', 'quel', 'quelle', 'notre', 'mon', 'ma', 'entreprise', 'au', 'aux']),
  de: new Set(['der', 'die', 'das', 'und', 'ist', 'ein', 'eine', 'für', 'mit', 'nicht', 'ich', 'wir', 'sie', 'auf', 'den', 'dem', 'suche', 'welche', 'welches', 'unser', 'unsere', 'kann', 'jemand', 'empfehlen', 'auch', 'von', 'zu']),
  pt: new Set(['o', 'os', 'as', 'que', 'de', 'e', 'em', 'um', 'uma', 'para', 'com', 'por', 'é', 'não', 'alguém', 'procuro', 'nossa', 'nosso', 'meu', 'minha', 'empresa', 'do', 'da', 'dos', 'das']),
  it: new Set(['il', 'lo', 'la', 'gli', 'le', 'che', 'di', 'e', 'è', 'un', 'una', 'per', 'con', 'non', 'cerco', 'qualcuno', 'consiglia', 'nostro', 'nostra', 'mio', 'del', 'della', 'azienda']),
  nl: new Set(['de', 'het', 'een', 'en', 'is', 'van', 'voor', 'met', 'niet', 'ik', 'wij', 'we', 'zijn', 'op', 'die', 'dat', 'zoek', 'iemand', 'onze', 'ons', 'mijn', 'bedrijf']),
};

// Word -> the languages whose stopword it is, in STOPWORDS order (so counts gets its keys in the
// same order as testing each language's set per word did, and ties resolve the same way).
const LANGS_OF_WORD = new Map<string, string[]>();
for (const lang in STOPWORDS) {
  for (const w of STOPWORDS[lang] ?? []) {
    const langs = LANGS_OF_WORD.get(w);
    if (langs) langs.push(lang);
    else LANGS_OF_WORD.set(w, [lang]);
  }
}

/** ISO 639-1 guess, or "und" when there is too little text to tell. */
export function detectLanguage(text: string, tokens: readonly Token[]): string {
  return scriptLanguage(text) ?? latinLanguage(stopwordCounts(tokens));
}

/** "und" for text without letters, a non-Latin script's language, or undefined (Latin script). */
export function scriptLanguage(text: string): string | undefined {
  const sample = text.length > 4000 ? text.slice(0, 4000) : text;
  let letters = 0;
  let nonAscii = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
    else if (c > 127) nonAscii++;
  }
  letters += nonAscii;
  if (letters === 0) return 'und';
  // Only text with a real share of non-ASCII characters can be in another script.
  for (const [re, lang] of nonAscii / letters > 0.2 ? SCRIPTS : []) {
    const n = sample.match(re)?.length ?? 0;
    if (n > 0 && n / letters > 0.3) return lang;
  }
  return undefined;
}

/** Stopwords of each language among the first 400 tokens; keys in first-seen order (ties go to the first). */
export function stopwordCounts(tokens: readonly Token[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const limit = Math.min(tokens.length, 400);
  for (let i = 0; i < limit; i++) {
    const langs = LANGS_OF_WORD.get(tokens[i]?.norm ?? '');
    if (langs) for (const lang of langs) counts[lang] = (counts[lang] ?? 0) + 1;
  }
  return counts;
}

/** The Latin-script language the stopword counts point to, English unless another clearly leads. */
export function latinLanguage(counts: Readonly<Record<string, number>>): string {
  const en = counts.en ?? 0;
  let best = 'en';
  let bestCount = en;
  for (const lang in counts) {
    const n = counts[lang] ?? 0;
    if (lang !== 'en' && n > bestCount + 1) {
      best = lang;
      bestCount = n;
    }
  }
  // Short titles ("Website Monitoring Tool") have few stopwords: Latin script defaults to English.
  return bestCount >= 2 || best === 'en' ? best : 'en';
}
