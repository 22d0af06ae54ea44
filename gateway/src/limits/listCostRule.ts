import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  isCompositeType,
  isObjectType,
  isInterfaceType,
} from 'graphql';

export interface ListCostOptions {
  maxCost: number;
  /** Items assumed for a list field without an integer `first`/`last` argument. */
  listSize: number;
}

/**
 * A query's cost as the number of values it may produce: a field costs 1 plus its children, and a
 * list field multiplies that by its `first`/`last` argument (or `listSize`). Nested lists multiply,
 * so `careCircles { members { user { careCircles { … } } } }` grows by `listSize` per level,
 * which graphql-armor's own cost limit (depth-weighted, list-blind) does not see.
 */
export function listCostRule(options: ListCostOptions): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const root = context.getSchema().getRootType(operation.operation);
      if (!root) return;
      const cost = selectionCost(context, root, operation.selectionSet, options, new Set());
      if (cost > options.maxCost) {
        context.reportError(
          new GraphQLError(`Query cost limit of ${options.maxCost} exceeded, found ${Math.round(cost)} (maxCost; a list field counts ${options.listSize} times).`, {
            nodes: [operation],
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxCost' },
          }),
        );
      }
    },
  });
}

function selectionCost(
  context: ValidationContext,
  parent: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  options: ListCostOptions,
  fragments: Set<string>,
  pageSize?: number,
): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      cost += fieldCost(context, parent, selection, options, fragments, pageSize);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? context.getSchema().getType(selection.typeCondition.name.value) : parent;
      cost += selectionCost(context, isCompositeType(type) ? type : parent, selection.selectionSet, options, fragments, pageSize);
    } else {
      const fragment: FragmentDefinitionNode | null | undefined = context.getFragment(selection.name.value);
      // A fragment cycle is reported by the spec rules; count each fragment once per path.
      if (!fragment || fragments.has(fragment.name.value)) continue;
      const type = context.getSchema().getType(fragment.typeCondition.name.value);
      cost += selectionCost(context, isCompositeType(type) ? type : parent, fragment.selectionSet, options, new Set([...fragments, fragment.name.value]), pageSize);
    }
  }
  return cost;
}

/** `pageSize` is a Relay connection's `first`/`last`, applied to the list inside it (`edges`, `nodes`). */
function fieldCost(
  context: ValidationContext,
  parent: GraphQLCompositeType,
  node: FieldNode,
  options: ListCostOptions,
  fragments: Set<string>,
  pageSize: number | undefined,
): number {
  const field = isObjectType(parent) || isInterfaceType(parent) ? (parent.getFields()[node.name.value] as GraphQLField<unknown, unknown> | undefined) : undefined;
  if (!field || !node.selectionSet) return 1;
  const type = getNamedType(field.type);
  const isList = isListType(getNullableType(field.type));
  const requested = pageSizeOf(node);
  const childPageSize = isList ? undefined : requested;
  const children = isCompositeType(type) ? selectionCost(context, type, node.selectionSet, options, fragments, childPageSize) : 0;
  return (1 + children) * (isList ? (requested ?? pageSize ?? options.listSize) : 1);
}

function pageSizeOf(node: FieldNode): number | undefined {
  for (const argument of node.arguments ?? []) {
    if ((argument.name.value === 'first' || argument.name.value === 'last') && argument.value.kind === Kind.INT) {
      return Math.max(1, Number(argument.value.value));
    }
  }
  return undefined;
}
