// Patterns comment spam leans on, as model tokens (p:…): money by the hour or month, working
// from home, contact apps and phone numbers, pharmacy, replicas, followers for sale, dating,
// SEO. They are learned like words (their weight comes from the corpora and the site's
// decisions, not from here); what they add is one token for many spellings ("$7,000 a month",
// "$45/hr", "35 dollars per hour") and a plain name for the moderator's explanation.
interface Pattern {
  token: string;
  /** How the reason names it. */
  label: string;
  test: RegExp;
}

const PER_PERIOD = String.raw`(?:a|an|per|each|every|\/)\s*(?:hour|hr|day|week|wk|month|mo|year|yr)\b`;

export const PATTERNS: readonly Pattern[] = [
  {
    token: 'p:money-per-period',
    label: "'$ per hour'",
    test: new RegExp(String.raw`(?:[$£€]\s?\d[\d,.]*\s*k?|\b\d[\d,.]*\s*k?\s*(?:usd|dollars|bucks|euros?))\s*\+?\s*${PER_PERIOD}`, 'i'),
  },
  { token: 'p:money-large', label: "'$ thousands'", test: /[$£€]\s?\d{1,3}(?:,\d{3})+|[$£€]\s?\d{4,}|[$£€]\s?\d+(?:\.\d+)?\s?k\b/i },
  {
    token: 'p:work-from-home',
    label: "'working from home'",
    test: /\b(?:work(?:ing)?|jobs?|earn(?:ing)?|income|business)\s+(?:from|at)\s+home\b|\bhome[- ]based\b|\bwork\s+online\b/i,
  },
  {
    token: 'p:making-money',
    label: "'making money'",
    test: /\b(?:make|makes|making|made|earn|earns|earning|earned)\s+(?:over\s+|up\s+to\s+)?(?:[$£€]|money|cash|extra|income|\d)/i,
  },
  {
    token: 'p:contact-app',
    label: "'WhatsApp'",
    // Also as the site's other languages spell them (Cyrillic, Devanagari, Arabic, CJK), where \b
    // does not see word edges: those spellings are matched between non-letters instead.
    test: new RegExp(
      String.raw`\b(?:whats\s?app|telegram|wechat|viber|signal\s+me|kik\s+me)\b` +
        String.raw`|(?<![\p{L}\p{N}])(?:ватс\s?ап|вотс\s?ап|вацап|телеграм\p{L}*|телега|вайбер|व्हाट्सएप|व्हाट्सऐप|टेलीग्राम|واتساب|واتس\s?اب|تيليجرام|تلغرام)(?![\p{L}\p{N}])` +
        String.raw`|微信|ワッツアップ|テレグラム|ライン\s?ID`,
      'iu',
    ),
  },
  { token: 'p:phone', label: 'a phone number', test: /(?:\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]?\d{4}\b|\+\d{10,13}\b/ },
  {
    token: 'p:email-address',
    label: 'an email address',
    // Spelled out too at a webmail provider ("kelvinhack at gmail dot com"), as scams write them to
    // slip past filters; only those providers, so "we met at Google dot com" is talk.
    test: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b|\b[\w.+-]+\s*(?:\(at\)|\[at\]|\sat\s)\s*(?:gmail|g\s?mail|yahoo|hotmail|outlook|aol|icloud|proton(?:mail)?|yandex|mail)\s*(?:\(dot\)|\[dot\]|\sdot\s|\.)\s*(?:com|net|ru|me)\b/i,
  },
  {
    token: 'p:pharmacy',
    label: 'pharmacy words',
    test: /\b(?:viagra|cialis|levitra|pharmacy|pharmacies|pharma|xanax|tramadol|valium|oxycodone|prescription|rx|meds|pills?)\b/i,
  },
  {
    token: 'p:replica',
    label: 'replica goods',
    test: /\b(?:replicas?|knock-?offs?|rolex|omega\s+watches|designer\s+(?:bags|handbags|watches))\b/i,
  },
  {
    token: 'p:followers',
    label: 'followers for sale',
    test: /\b(?:buy|cheap|real|instant|get|gain)\s+(?:\d[\d,k]*\s+)?(?:(?:instagram|insta|ig|tiktok|youtube|twitter|facebook|spotify)\s+)?(?:followers|likes|subscribers|views|plays)\b/i,
  },
  {
    token: 'p:dating',
    label: 'dating words',
    test: /\b(?:dating|singles|hook\s?ups?|sexy|lonely\s+(?:girls|women|wives)|hot\s+(?:girls|women|singles|moms))\b/i,
  },
  { token: 'p:seo', label: 'SEO words', test: /\b(?:seo|backlinks?|pagerank|search\s+engine\s+(?:rank\w*|optimi[sz]ation|placement))\b/i },
  {
    token: 'p:call-to-action',
    label: "'click here'",
    test: /\b(?:click\s+(?:here|now|the\s+link|below)|visit\s+(?:my|our|this)\s+(?:site|website|page|profile)|check\s+(?:out\s+)?(?:my|our)\s+(?:site|website|profile|page)|order\s+now|limited\s+time|act\s+now)\b/i,
  },
  { token: 'p:no-risk', label: "'guaranteed'", test: /\b(?:guaranteed?|risk[- ]free|no\s+experience|100%\s+(?:free|legit|legal|safe))\b/i },
];

/** The pattern tokens a text carries. */
export function patternTokens(body: string): string[] {
  return PATTERNS.filter((p) => p.test.test(body)).map((p) => p.token);
}

const LABELS = new Map(PATTERNS.map((p) => [p.token, p.label]));

/** A feature token in words a moderator reads: 'cash', '$ per hour', a link to pills.example. */
export function describeFeature(feature: string): string {
  const label = LABELS.get(feature);
  if (label) return label;
  const [kind, value = ''] = [feature.slice(0, feature.indexOf(':')), feature.slice(feature.indexOf(':') + 1)];
  switch (kind) {
    case 'w':
      return `'${value}'`;
    case 'd':
      return `a link to ${value}`;
    case 'tld':
      return `a .${value} link`;
    case 'links':
      return value === '0' ? 'no links' : value === '1' ? 'a link' : `${value} links`;
    case 'author':
      return value === 'guest' ? 'a guest' : 'an account';
    case 'age':
      return value === 'older' ? 'an account over a month old' : `an account under ${value === 'hour' ? 'an' : 'a'} ${value} old`;
    case 'email':
      return value === 'yes' ? 'an email given' : 'no email';
    case 'len':
      return `${value} text`;
    default:
      return feature;
  }
}
