/** A JSON Schema node, as much as the responder needs. */
export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: unknown[];
  const?: unknown;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  $ref?: string;
  $defs?: Record<string, SchemaNode>;
  definitions?: Record<string, SchemaNode>;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
}

/** Suggests a value for a property by name; undefined = let the walker generate one. */
export type Hint = (name: string, schema: SchemaNode) => unknown;

function resolve(node: SchemaNode, root: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const m = /^#\/(\$defs|definitions)\/(.+)$/.exec(node.$ref);
  const target = m
    ? (m[1] === '$defs' ? root.$defs : root.definitions)?.[m[2] ?? '']
    : node.$ref === '#'
      ? root
      : undefined;
  return target ? resolve(target, root) : {};
}

function fits(value: unknown, s: SchemaNode): boolean {
  if (s.enum) return s.enum.includes(value);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length === 0) return value !== undefined;
  return types.some((t) => {
    switch (t) {
      case 'string':
        return typeof value === 'string' && (s.maxLength === undefined || value.length <= s.maxLength);
      case 'integer':
        return Number.isInteger(value) && inRange(value as number, s);
      case 'number':
        return typeof value === 'number' && inRange(value, s);
      case 'boolean':
        return typeof value === 'boolean';
      case 'array':
        return (
          Array.isArray(value) &&
          (s.maxItems === undefined || value.length <= s.maxItems) &&
          value.length >= (s.minItems ?? 0)
        );
      case 'object':
        return false; // objects are always walked
      case 'null':
        return value === null;
      default:
        return false;
    }
  });
}

function inRange(n: number, s: SchemaNode): boolean {
  return (s.minimum === undefined || n >= s.minimum) && (s.maximum === undefined || n <= s.maximum);
}

/** Produces a value valid against `schema`, taking hints for named properties when they fit. */
export function fillSchema(
  schema: SchemaNode,
  hint: Hint,
  root: SchemaNode = schema,
  name = '',
  depth = 0,
): unknown {
  const s = resolve(schema, root);
  if (depth > 12) return null;
  if (name) {
    const suggested = hint(name, s);
    if (suggested !== undefined && fits(suggested, s)) return suggested;
  }
  if (s.const !== undefined) return s.const;
  if (s.enum && s.enum.length > 0) return s.enum[0];
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives && alternatives.length > 0) {
    const nonNull = alternatives.find((a) => resolve(a, root).type !== 'null') ?? alternatives[0];
    return nonNull ? fillSchema(nonNull, hint, root, name, depth + 1) : null;
  }
  if (s.allOf && s.allOf.length > 0) {
    return Object.assign(
      {},
      ...s.allOf.map((part) => fillSchema(part, hint, root, name, depth + 1) as object),
    );
  }
  const types = Array.isArray(s.type) ? s.type : [s.type ?? (s.properties ? 'object' : 'string')];
  const type = types.find((t) => t !== 'null') ?? 'null';
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(s.properties ?? {}))
        out[key] = fillSchema(child, hint, root, key, depth + 1);
      return out;
    }
    case 'array': {
      const count = s.minItems ?? 0;
      return Array.from({ length: count }, (_v, i) =>
        fillSchema(s.items ?? {}, hint, root, `${name}[${i}]`, depth + 1),
      );
    }
    case 'string': {
      if (s.format === 'date-time') return new Date(0).toISOString();
      if (s.format === 'email') return 'someone@example.com';
      if (s.format === 'uri') return 'https://example.com';
      const base = name ? `sandbox ${name}` : 'sandbox';
      const padded = base.length < (s.minLength ?? 0) ? base.padEnd(s.minLength ?? 0, '.') : base;
      return s.maxLength !== undefined ? padded.slice(0, s.maxLength) : padded;
    }
    case 'integer':
      return Math.ceil(s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0));
    case 'number':
      return s.minimum ?? 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}
