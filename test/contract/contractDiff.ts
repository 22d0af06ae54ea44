import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Every way `served` falls short of `contract`: a missing type, field, argument or enum value,
 * or a different type or nullability. Extra types, fields and (optional) arguments are allowed.
 */
export function contractDiff(contractSdl: string, servedSdl: string): string[] {
  const contract = buildSchema(contractSdl);
  const served = buildSchema(servedSdl);
  const problems: string[] = [];
  for (const type of Object.values(contract.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const other = served.getType(type.name);
    if (!other) {
      problems.push(`type ${type.name} is missing`);
      continue;
    }
    if (kindOf(type) !== kindOf(other)) {
      problems.push(`type ${type.name} is a ${kindOf(other)}, the contract says ${kindOf(type)}`);
      continue;
    }
    problems.push(...compareType(type, other, served));
  }
  return problems;
}

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'object';
  if (isInterfaceType(type)) return 'interface';
  if (isInputObjectType(type)) return 'input';
  if (isEnumType(type)) return 'enum';
  if (isUnionType(type)) return 'union';
  if (isScalarType(type)) return 'scalar';
  return 'unknown';
}

function compareType(type: GraphQLNamedType, other: GraphQLNamedType, served: GraphQLSchema): string[] {
  const problems: string[] = [];
  if (isEnumType(type) && isEnumType(other)) {
    const values = new Set(other.getValues().map((v) => v.name));
    for (const value of type.getValues()) if (!values.has(value.name)) problems.push(`enum value ${type.name}.${value.name} is missing`);
  }
  if (isInputObjectType(type) && isInputObjectType(other)) {
    const fields = other.getFields();
    for (const field of Object.values(type.getFields())) {
      const mine = fields[field.name];
      if (!mine) problems.push(`input field ${type.name}.${field.name} is missing`);
      else if (String(mine.type) !== String(field.type)) problems.push(`input field ${type.name}.${field.name} is ${mine.type}, the contract says ${field.type}`);
    }
    for (const field of Object.values(fields)) {
      if (!type.getFields()[field.name] && String(field.type).endsWith('!') && field.defaultValue === undefined) {
        problems.push(`input field ${type.name}.${field.name} is required but not in the contract`);
      }
    }
  }
  if ((isObjectType(type) || isInterfaceType(type)) && (isObjectType(other) || isInterfaceType(other))) {
    const fields = other.getFields();
    for (const field of Object.values(type.getFields())) {
      const mine = fields[field.name];
      if (!mine) {
        problems.push(`field ${type.name}.${field.name} is missing`);
        continue;
      }
      if (String(mine.type) !== String(field.type)) problems.push(`field ${type.name}.${field.name} is ${mine.type}, the contract says ${field.type}`);
      for (const arg of field.args) {
        const myArg = mine.args.find((a) => a.name === arg.name);
        if (!myArg) problems.push(`argument ${type.name}.${field.name}(${arg.name}) is missing`);
        else if (String(myArg.type) !== String(arg.type)) problems.push(`argument ${type.name}.${field.name}(${arg.name}) is ${myArg.type}, the contract says ${arg.type}`);
        else if (JSON.stringify(myArg.defaultValue) !== JSON.stringify(arg.defaultValue)) {
          problems.push(`argument ${type.name}.${field.name}(${arg.name}) defaults to ${JSON.stringify(myArg.defaultValue)}, the contract says ${JSON.stringify(arg.defaultValue)}`);
        }
      }
      for (const myArg of mine.args) {
        if (!field.args.find((a) => a.name === myArg.name) && String(myArg.type).endsWith('!') && myArg.defaultValue === undefined) {
          problems.push(`argument ${type.name}.${field.name}(${myArg.name}) is required but not in the contract`);
        }
      }
    }
  }
  void served;
  return problems;
}
