import { Kind, type SelectionSetNode } from 'graphql';
import type { OperationContext } from '@apollo/gateway/dist/operationContext';

/** Whether the operation reads `__schema` or `__type` (root fields only, through fragments too). */
export function selectsIntrospection({ operation, fragments }: OperationContext): boolean {
  const seen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === '__schema' || selection.name.value === '__type';
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      const name = selection.name.value;
      if (seen.has(name) || !fragments[name]) return false;
      seen.add(name);
      return visit(fragments[name].selectionSet);
    });
  return visit(operation.selectionSet);
}
