import { getOperationAST, Kind, type GraphQLError, type GraphQLSchema, type DocumentNode } from 'graphql';
import type { SubscriptionFieldConfig } from './SubscriptionFieldConfig';

type Check = (schema: GraphQLSchema, query: string) => { document: DocumentNode } | { errors: readonly GraphQLError[] };

const PLACEHOLDER = /\{(args|auth)\.([^}]+)\}/g;

/**
 * What is wrong with the subscription config against the supergraph's API schema, each naming
 * the field and the key: a field the schema's Subscription type lacks, an authorize or replay
 * query that does not validate, an argument or `auth` path that cannot have a value, a result
 * `__typename` the schema does not know. Empty when the config fits. The gateway refuses to start
 * otherwise, instead of failing at the first subscriber.
 */
export function checkSubscriptionConfig(schema: GraphQLSchema, fields: Record<string, SubscriptionFieldConfig>, check: Check): string[] {
  const problems: string[] = [];
  const subscriptionFields = schema.getSubscriptionType()?.getFields() ?? {};
  for (const [name, config] of Object.entries(fields)) {
    const problem = (key: string, message: string) => problems.push(`subscriptions.${name}.${key}: ${message}`);
    const field = subscriptionFields[name];
    if (!field) {
      problem('', `the supergraph has no Subscription field ${name}`);
      continue;
    }
    const args = new Set(field.args.map((arg) => arg.name));
    const authorizeKeys = config.authorize ? topLevelKeys(config.authorize.query, schema, check, (message) => problem('authorize.query', message)) : undefined;
    const templates: [string, string][] = [['channel', config.channel]];
    for (const [variable, template] of Object.entries(config.sequence?.replay.variables ?? {})) templates.push([`sequence.replay.variables.${variable}`, template]);
    if (typeof config.shareExecution === 'object') {
      for (const [claim, template] of Object.entries(config.shareExecution.scope)) templates.push([`shareExecution.scope.${claim}`, template]);
    }
    for (const [key, template] of templates) {
      for (const [, source, path] of template.matchAll(PLACEHOLDER)) {
        if (source === 'args' && !args.has(path.split('.')[0])) problem(key, `${name} has no argument ${path.split('.')[0]}`);
        if (source === 'auth' && !authorizeKeys) problem(key, `{auth.${path}} needs an authorize query`);
        if (source === 'auth' && authorizeKeys && !authorizeKeys.has(path.split('.')[0])) problem(key, `the authorize query selects no ${path.split('.')[0]}`);
      }
    }
    for (const [index, rule] of (config.filter ?? []).entries()) {
      const arg = 'equalsArg' in rule ? rule.equalsArg : 'matchesArg' in rule ? rule.matchesArg : undefined;
      if (arg !== undefined && !args.has(arg)) problem(`filter[${index}]`, `${name} has no argument ${arg}`);
    }
    if (config.sequence?.resumeArg && !args.has(config.sequence.resumeArg)) problem('sequence.resumeArg', `${name} has no argument ${config.sequence.resumeArg}`);
    if (config.sequence) topLevelKeys(config.sequence.replay.query, schema, check, (message) => problem('sequence.replay.query', message));
    const typename = config.result.__typename;
    if (typeof typename === 'string' && !schema.getType(typename)) problem('result.__typename', `the supergraph has no type ${typename}`);
  }
  return problems;
}

/** The response keys of the query's root selection, or undefined (reported) when it does not validate. */
function topLevelKeys(query: string, schema: GraphQLSchema, check: Check, report: (message: string) => void): Set<string> | undefined {
  const checked = check(schema, query);
  if ('errors' in checked) {
    report(checked.errors.map((error) => error.message).join('; '));
    return undefined;
  }
  const operation = getOperationAST(checked.document);
  const keys = new Set<string>();
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind === Kind.FIELD) keys.add(selection.alias?.value ?? selection.name.value);
  }
  return keys;
}
