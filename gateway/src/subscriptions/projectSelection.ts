import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** Whether an object of `typename` satisfies a fragment's type condition. */
export type TypeMatcher = (typeCondition: string, typename: unknown) => boolean;

/**
 * Shapes a value to an operation's selection set, honouring aliases and fragments: what a
 * subgraph would answer for the primary fetch if it had produced the event itself.
 */
export function projectOperation(document: DocumentNode, root: Record<string, unknown>, matches: TypeMatcher): Record<string, unknown> {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) throw new Error('No operation in the primary fetch');
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return project(operation.selectionSet, root, { fragments, matches }) as Record<string, unknown>;
}

interface Scope {
  fragments: Map<string, FragmentDefinitionNode>;
  matches: TypeMatcher;
}

function project(selectionSet: SelectionSetNode, value: unknown, scope: Scope): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => project(selectionSet, item, scope));
  if (typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  collect(selectionSet, source, out, scope);
  return out;
}

function collect(selectionSet: SelectionSetNode, source: Record<string, unknown>, out: Record<string, unknown>, scope: Scope): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const raw = source[selection.name.value];
      const projected = selection.selectionSet ? project(selection.selectionSet, raw, scope) : (raw ?? null);
      out[key] = merge(out[key], projected);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition?.name.value;
      if (!condition || scope.matches(condition, source.__typename)) collect(selection.selectionSet, source, out, scope);
    } else {
      const fragment = scope.fragments.get(selection.name.value);
      if (fragment && scope.matches(fragment.typeCondition.name.value, source.__typename)) {
        collect(fragment.selectionSet, source, out, scope);
      }
    }
  }
}

// The same field may be selected under several fragments; their sub-selections add up.
function merge(existing: unknown, next: unknown): unknown {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(existing) || !isObject(next)) return next;
  const out = { ...existing };
  for (const [key, value] of Object.entries(next)) out[key] = merge(out[key], value);
  return out;
}
