// The `ahocorasick` npm package ships no types; this is the part bench/matcher.ts uses.
declare module 'ahocorasick' {
  export default class AhoCorasick {
    constructor(keywords: string[]);
    /** [end index, keywords ending there][] */
    search(text: string): [number, string[]][];
  }
}
