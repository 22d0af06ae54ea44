import * as federation from '@apollo/federation-internals';
import type { CompositeType, Operation, Schema, SelectionSet, Type } from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';
import type { ResultMap } from './ExecutionState';

// Read once: every call through the package's re-export getters showed up in the profile.
const { ERRORS, Variable, isSubtype, isValidLeafValue, typenameFieldName } = federation;

/** `@skip(if:)` / `@include(if:)`: a literal, or the name of the variable that holds it. */
type Condition = boolean | { variable: string } | undefined;

type Step =
  | { kind: 'field'; responseName: string; typename: boolean; type: Type; selections?: Step[]; skip: Condition; include: Condition }
  | { kind: 'fragment'; typeCondition?: CompositeType; selections: Step[]; skip: Condition; include: Condition };

interface Run {
  schema: Schema;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  applies: Map<string, boolean>;
}

const OK = 0;
const NULL_BUBBLE_UP = 1;

export type Shaper = (input: ResultMap, variables: Record<string, unknown>) => { data: ResultMap | null; errors: GraphQLError[] };

/**
 * Apollo's computeResponse (resultShaping.js) for one operation, with its per-request lookups
 * done once: selections, response names, field types and @skip/@include arguments are read
 * from the Operation here, type-condition checks are kept per (condition, __typename). Same
 * walk, same null bubbling, same completion errors. Introspection fields are not shaped here
 * (operations with them are run by ApolloGateway's executor).
 */
export function compileShaper(operation: Operation): Shaper {
  const schema = operation.schema();
  const steps = compile(schema, operation.selectionSet);
  const rootType = schema.schemaDefinition.rootType(operation.rootKind) as CompositeType;
  const defaults = operation.collectDefaultedVariableValues();
  return (input, variables) => {
    const run: Run = { schema, variables: { __proto__: null, ...defaults, ...variables }, errors: [], applies: new Map() };
    const data: ResultMap = Object.create(null);
    const result = applySteps(run, steps, input, data, [], rootType);
    return { data: result === NULL_BUBBLE_UP ? null : data, errors: run.errors };
  };
}

function compile(schema: Schema, selectionSet: SelectionSet): Step[] {
  return selectionSet.selections().map((selection): Step => {
    const element = selection.element;
    const skip = condition(element.appliedDirectivesOf(schema.skipDirective())[0]);
    const include = condition(element.appliedDirectivesOf(schema.includeDirective())[0]);
    if (selection.kind === 'FieldSelection') {
      const field = selection.element;
      if (field.definition.isSchemaIntrospectionField()) throw new Error('introspection fields are shaped by ApolloGateway');
      const nested = selection.selectionSet;
      return { kind: 'field', responseName: field.responseName(), typename: field.name === typenameFieldName, type: field.definition.type!, selections: nested && compile(schema, nested), skip, include };
    }
    return { kind: 'fragment', typeCondition: selection.element.typeCondition, selections: compile(schema, selection.selectionSet), skip, include };
  });
}

function condition(directive: { arguments(): Record<string, unknown> } | undefined): Condition {
  if (!directive) return undefined;
  const value = directive.arguments().if;
  return value instanceof Variable ? { variable: value.name } : (value as boolean);
}

function holds(value: Condition, variables: Record<string, unknown>): boolean {
  if (typeof value !== 'object') return value === true;
  const actual = variables[value.variable];
  if (typeof actual !== 'boolean') throw new Error(`Unexpected value ${actual} for variable $${value.variable} of @skip/@include`);
  return actual;
}

function skipped(step: Step, variables: Record<string, unknown>): boolean {
  return (step.skip !== undefined && holds(step.skip, variables)) || (step.include !== undefined && !holds(step.include, variables));
}

function applies(run: Run, typeCondition: CompositeType | undefined, typename: unknown, parentType: CompositeType): boolean {
  if (!typeCondition) return true;
  if (!typename) return isSubtype(typeCondition, parentType);
  const key = `${typeCondition.name}\n${typename}`;
  let known = run.applies.get(key);
  if (known === undefined) {
    const type = run.schema.type(typename as string);
    known = !!type && isSubtype(typeCondition, type);
    run.applies.set(key, known);
  }
  return known;
}

function applySteps(run: Run, steps: Step[], input: ResultMap, output: ResultMap, path: (string | number)[], parentType: CompositeType): number {
  for (const step of steps) {
    if ((step.skip !== undefined || step.include !== undefined) && skipped(step, run.variables)) continue;
    if (step.kind === 'fragment') {
      const typename = input[typenameFieldName];
      if (typename && typeof typename !== 'string') throw new Error(`Got unexpected value for __typename: ${typename}`);
      if (applies(run, step.typeCondition, typename, parentType) && applySteps(run, step.selections, input, output, path, step.typeCondition ?? parentType) === NULL_BUBBLE_UP) {
        return NULL_BUBBLE_UP;
      }
      continue;
    }
    const { responseName } = step;
    const outputValue = output[responseName];
    let inputValue = (Object.prototype.hasOwnProperty.call(input, responseName) ? input[responseName] : undefined) ?? null;
    if (step.typename) {
      if (outputValue === undefined) {
        if (inputValue === null && responseName !== typenameFieldName) inputValue = input[typenameFieldName] ?? null;
        const type = typeof inputValue === 'string' ? run.schema.type(inputValue) ?? parentType : parentType;
        if (type.kind !== 'ObjectType') return NULL_BUBBLE_UP;
        output[responseName] = type.name;
      }
      continue;
    }
    path.push(responseName);
    const updated = update(run, outputValue, step.type, inputValue, step.selections, path, parentType);
    output[responseName] = updated.value;
    path.pop();
    if (updated.invalid) return NULL_BUBBLE_UP;
  }
  return OK;
}

interface Updated {
  value: unknown;
  invalid?: boolean;
  hasErrors?: boolean;
}

function describe(path: (string | number)[], type: Type, parentType: CompositeType): string {
  const last = path[path.length - 1];
  return typeof last === 'string' ? `field ${parentType}.${last}` : `array element of type ${type} at index ${last}`;
}

function update(run: Run, outputValue: unknown, type: Type, inputValue: unknown, selections: Step[] | undefined, path: (string | number)[], parentType: CompositeType): Updated {
  if (outputValue === null || (outputValue !== undefined && !selections)) return { value: outputValue };
  switch (type.kind) {
    case 'NonNullType': {
      const inner = update(run, outputValue, type.ofType, inputValue, selections, path, parentType);
      if (inner.value !== null) return { value: inner.value };
      if (!inner.hasErrors) {
        run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Cannot return null for non-nullable ${describe(path, type.ofType, parentType)}.`, { path: Array.from(path) }));
      }
      return { value: null, invalid: true, hasErrors: true };
    }
    case 'ListType': {
      if (inputValue === null) return { value: null };
      if (!Array.isArray(inputValue)) throw new Error(`Invalid non-list value ${inputValue} returned by subgraph for list type ${type}`);
      if (outputValue !== undefined && (!Array.isArray(outputValue) || outputValue.length !== inputValue.length)) {
        throw new Error(`Invalid list value ${outputValue} for list type ${type}`);
      }
      const existing = outputValue as unknown[] | undefined;
      const list: unknown[] = new Array(inputValue.length);
      let nullify = false;
      let hasErrors = false;
      for (let index = 0; index < inputValue.length; index++) {
        path.push(index);
        const element = update(run, existing?.[index], type.ofType, inputValue[index], selections, path, parentType);
        path.pop();
        nullify ||= !!element.invalid;
        hasErrors ||= !!element.hasErrors;
        list[index] = element.value;
      }
      return { value: nullify ? null : list, hasErrors };
    }
    case 'ObjectType':
    case 'InterfaceType':
    case 'UnionType': {
      if (inputValue === null) return { value: null };
      if (!selections || typeof inputValue !== 'object') throw new Error(`Invalid non-object value ${inputValue} returned by subgraph for composite type ${type}`);
      const object = inputValue as ResultMap;
      const typename = object[typenameFieldName];
      if (typename !== undefined && typeof typename !== 'string') throw new Error(`Invalid non-string value ${typename} for __typename at ${path}`);
      let objectType: CompositeType = type;
      if (typename) {
        const named = run.schema.type(typename);
        if (!named || (named.kind !== 'ObjectType' && named.kind !== 'InterfaceType' && named.kind !== 'UnionType')) {
          run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid __typename found for object at ${describe(path, type, parentType)}.`, { path: Array.from(path) }));
          return { value: null, hasErrors: true };
        }
        objectType = named;
      }
      const target = (outputValue === undefined ? Object.create(null) : outputValue) as ResultMap;
      const bubbled = applySteps(run, selections, object, target, path, objectType) === NULL_BUBBLE_UP;
      return { value: bubbled ? null : target, hasErrors: bubbled };
    }
    default: {
      if (inputValue === null) return { value: null };
      const valid = isValidLeafValue(run.schema, inputValue, type as Parameters<typeof isValidLeafValue>[2]);
      if (!valid) run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${describe(path, type, parentType)}.`, { path: Array.from(path) }));
      return { value: valid ? inputValue : null, hasErrors: !valid };
    }
  }
}
