import { Kind, visit, type DocumentNode } from 'graphql';

/** A NUL byte, or a UTF-16 surrogate without its other half (not valid Unicode text). */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` holds a NUL byte or a lone surrogate. */
export function isUnsafeText(text: string): boolean {
  return UNSAFE.test(text);
}

/**
 * The path (e.g. `input.name`) of the first string in `value` that holds a NUL byte or a lone
 * surrogate, checking object keys too; undefined when every string is clean.
 */
export function findUnsafeText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return isUnsafeText(value) ? path || 'value' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findUnsafeText(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (isUnsafeText(key)) return here;
      const found = findUnsafeText(item, here);
      if (found) return found;
    }
  }
  return undefined;
}

/** The argument or field name of the first string literal in `document` that is not clean text. */
export function findUnsafeLiteral(document: DocumentNode): string | undefined {
  let found: string | undefined;
  const names: string[] = [];
  visit(document, {
    ObjectField: { enter: (node) => void names.push(node.name.value), leave: () => void names.pop() },
    Argument: { enter: (node) => void names.push(node.name.value), leave: () => void names.pop() },
    [Kind.STRING]: (node) => {
      if (!found && isUnsafeText(node.value)) found = names.join('.') || 'value';
    },
  });
  return found;
}
