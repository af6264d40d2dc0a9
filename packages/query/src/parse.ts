import type { FilterField, QueryNode, TextNode, TextScope } from './ast.ts';
import { queryLimits } from './ast.ts';
import { QueryLimitError, QuerySyntaxError } from './errors.ts';
import { normalizeAuthor, normalizeLang, normalizeSite } from './field-values.ts';
import { foldWords } from './text-fold.ts';

/*
 * Grammar (OR binds loosest, implicit AND tighter, negation tightest):
 *   query   := or EOF
 *   or      := and ('OR' and)*
 *   and     := unary (['AND'] unary)*
 *   unary   := ('-' | 'NOT') unary | primary
 *   primary := '(' or ')' | '"' words '"' | word | word'*' | field ':' value | 'title:' primary
 * OR/AND/NOT are operators only in upper case; `or` is an ordinary word.
 */

const FIELD_RE = /^(site|type|author|title|lang):/i;
const LANG_RE = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/;

/** Parse a monitor query into its AST; throws QuerySyntaxError or QueryLimitError. */
export function parseQuery(text: string): QueryNode {
  if (text.length > queryLimits.maxLength) throw new QueryLimitError('length', queryLimits.maxLength);
  return new Parser(text).parse();
}

const SPACE_RE = /[\s\p{Cc}]/u;

function isSpace(c: string): boolean {
  const code = c.charCodeAt(0);
  // printable ASCII is the common case: skip the regex (it dominated parsing 100k monitors)
  if (code > 32 && code < 127) return false;
  if (code === 32) return true;
  // Control characters count as whitespace so pasted text with \u0000 or \u001b cannot smuggle words together.
  return SPACE_RE.test(c);
}

function isDelimiter(c: string | undefined): boolean {
  return c === undefined || c === '(' || c === ')' || c === '"' || isSpace(c);
}

export function mkAnd(children: QueryNode[]): QueryNode {
  const flat = flatten('and', children);
  return flat.length === 1 ? flat[0]! : { kind: 'and', children: flat };
}

export function mkOr(children: QueryNode[]): QueryNode {
  const flat = flatten('or', children);
  return flat.length === 1 ? flat[0]! : { kind: 'or', children: flat };
}

/** Children with nested operands of the same kind spliced in (a loop: flatMap was a build hot spot). */
function flatten(kind: 'and' | 'or', children: QueryNode[]): QueryNode[] {
  if (!children.some((c) => c.kind === kind)) return children;
  const flat: QueryNode[] = [];
  for (const c of children) {
    if (c.kind === kind) for (const g of c.children) flat.push(g);
    else flat.push(c);
  }
  return flat;
}

function textNode(words: string[], scope: TextScope): TextNode {
  return words.length === 1 ? { kind: 'term', word: words[0]!, scope } : { kind: 'phrase', words, scope };
}

function withScope(node: QueryNode, scope: TextScope): QueryNode {
  switch (node.kind) {
    case 'term':
    case 'prefix':
    case 'phrase':
      return { ...node, scope };
    case 'filter':
      return node;
    case 'and':
    case 'or':
      return { kind: node.kind, children: node.children.map((c) => withScope(c, scope)) };
    case 'not':
      return { kind: 'not', child: withScope(node.child, scope) };
  }
}

class Parser {
  private pos = 0;
  private leaves = 0;

  constructor(private readonly src: string) {}

  parse(): QueryNode {
    const node = this.parseOr(0);
    this.skipSpace();
    if (this.pos < this.src.length) this.fail('end of query or operator');
    return node;
  }

  private fail(expected: string, at = this.pos): never {
    throw new QuerySyntaxError(at, expected, this.describe(at));
  }

  private describe(at: number): string {
    if (at >= this.src.length) return 'end of query';
    const kw = this.keywordAt(at);
    if (kw !== undefined) return `'${kw}'`;
    let end = at;
    while (!isDelimiter(this.src[end]) && end - at < 24) end++;
    // name the whole word ('foo'), or the single delimiter character (')')
    return `'${end > at ? this.src.slice(at, end) : String.fromCodePoint(this.src.codePointAt(at) ?? 0)}'`;
  }

  private skipSpace(): void {
    while (this.pos < this.src.length && isSpace(this.src[this.pos]!)) this.pos++;
  }

  private keywordAt(at: number): 'OR' | 'AND' | 'NOT' | undefined {
    for (const kw of ['OR', 'AND', 'NOT'] as const) {
      if (this.src.startsWith(kw, at) && isDelimiter(this.src[at + kw.length])) return kw;
    }
    return undefined;
  }

  private atTermStart(): boolean {
    this.skipSpace();
    if (this.pos >= this.src.length) return false;
    const c = this.src[this.pos];
    if (c === ')') return false;
    const kw = this.keywordAt(this.pos);
    return kw !== 'OR';
  }

  private checkDepth(depth: number): void {
    if (depth > queryLimits.maxDepth) throw new QueryLimitError('depth', queryLimits.maxDepth);
  }

  private countLeaf(): void {
    if (++this.leaves > queryLimits.maxTerms) throw new QueryLimitError('terms', queryLimits.maxTerms);
  }

  private parseOr(depth: number): QueryNode {
    const children = [this.parseAnd(depth)];
    for (;;) {
      this.skipSpace();
      if (this.keywordAt(this.pos) !== 'OR') break;
      this.pos += 2;
      children.push(this.parseAnd(depth));
    }
    return mkOr(children);
  }

  private parseAnd(depth: number): QueryNode {
    const children = [this.parseUnary(depth)];
    while (this.atTermStart()) {
      if (this.keywordAt(this.pos) === 'AND') this.pos += 3;
      children.push(this.parseUnary(depth));
    }
    return mkAnd(children);
  }

  private parseUnary(depth: number): QueryNode {
    this.skipSpace();
    const c = this.src[this.pos];
    const negated =
      (c === '-' &&
        this.src[this.pos + 1] !== undefined &&
        this.src[this.pos + 1] !== ')' &&
        !isSpace(this.src[this.pos + 1]!)) ||
      this.keywordAt(this.pos) === 'NOT';
    if (negated) {
      this.checkDepth(depth + 1);
      this.pos += c === '-' ? 1 : 3;
      return { kind: 'not', child: this.parseUnary(depth + 1) };
    }
    return this.parsePrimary(depth, 'any');
  }

  private parsePrimary(depth: number, scope: TextScope): QueryNode {
    this.skipSpace();
    const start = this.pos;
    const c = this.src[start];
    if (c === undefined || c === ')' || this.keywordAt(start) === 'OR' || this.keywordAt(start) === 'AND') {
      this.fail('a word, phrase, field or (');
    }
    if (c === '(') {
      this.checkDepth(depth + 1);
      this.pos++;
      const inner = this.parseOr(depth + 1);
      this.skipSpace();
      if (this.src[this.pos] !== ')') this.fail("')'");
      this.pos++;
      return scope === 'title' ? withScope(inner, scope) : inner;
    }
    if (c === '"') return this.parsePhrase(scope);
    if (c === '-' && scope === 'title') this.fail('a word, phrase or (');
    let end = start;
    while (!isDelimiter(this.src[end])) end++;
    const raw = this.src.slice(start, end);
    this.pos = end;
    const field = FIELD_RE.exec(raw);
    if (field)
      return this.parseField(field[1]!.toLowerCase(), raw.slice(field[0].length), start, depth, scope);
    return this.parseWord(raw, start, scope);
  }

  private parsePhrase(scope: TextScope): TextNode {
    const open = this.pos;
    const close = this.src.indexOf('"', open + 1);
    if (close < 0) this.fail(`closing '"' for the quote at ${open}`, this.src.length);
    const words = foldWords(this.src.slice(open + 1, close));
    if (words.length === 0) this.fail('words inside the quotes', open);
    this.pos = close + 1;
    this.countLeaf();
    return textNode(words, scope);
  }

  private parseWord(raw: string, start: number, scope: TextScope): TextNode {
    const star = raw.indexOf('*');
    if (star >= 0 && star !== raw.length - 1) this.fail('a wildcard only at the end of a word', start + star);
    if (star >= 0) {
      const stem = raw.slice(0, -1);
      const words = foldWords(stem);
      if (
        words.length !== 1 ||
        words[0] !== stem.toLowerCase() ||
        [...words[0]].length < queryLimits.minPrefixLength
      ) {
        this.fail(`at least ${queryLimits.minPrefixLength} letters or digits before '*'`, start);
      }
      this.countLeaf();
      return { kind: 'prefix', prefix: words[0], scope };
    }
    const words = foldWords(raw);
    if (words.length === 0) this.fail('a word', start);
    this.countLeaf();
    return textNode(words, scope);
  }

  private parseField(name: string, value: string, start: number, depth: number, scope: TextScope): QueryNode {
    const valueAt = start + name.length + 1;
    if (name === 'title') {
      if (scope === 'title') this.fail('a word or phrase (title: cannot nest)', start);
      if (value === '') return this.parsePrimary(depth, 'title');
      return this.parseWord(value, valueAt, 'title');
    }
    if (scope === 'title') this.fail('a word or phrase', start);
    if (value === '') this.fail(`a value after '${name}:'`, valueAt);
    this.countLeaf();
    const field = name as FilterField;
    switch (field) {
      case 'site': {
        const v = normalizeSite(value);
        if (v === '' || v === 'r') this.fail('a subreddit (r/name) or a domain', valueAt);
        return { kind: 'filter', field, value: v };
      }
      case 'type': {
        const v = value.toLowerCase();
        if (v !== 'post' && v !== 'comment') this.fail("'post' or 'comment'", valueAt);
        return { kind: 'filter', field, value: v };
      }
      case 'author': {
        const v = normalizeAuthor(value);
        if (v === '') this.fail('an author name', valueAt);
        return { kind: 'filter', field, value: v };
      }
      case 'lang': {
        const v = normalizeLang(value);
        if (!LANG_RE.test(v)) this.fail('a language code like en or pt-br', valueAt);
        return { kind: 'filter', field, value: v };
      }
    }
  }
}
