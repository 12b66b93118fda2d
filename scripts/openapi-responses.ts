// The answers of every controller method, as JSON Schemas read from the TypeScript types the methods
// return (the views are plain objects, so there is no class metadata to read at run time), and the
// methods' and controllers' doc comments. Used by scripts/generate-docs.ts, which writes them to
// libs/platform/src/openapi-responses.generated.ts for the services to serve in their OpenAPI documents.
import { readdirSync } from 'fs';
import { join, relative } from 'path';
import ts from 'typescript';
type OperationNotes = { description?: string; response: Record<string, unknown> };

type Schema = Record<string, unknown>;
const SERVICES = ['decision', 'follow-up', 'payout'] as const;
const HTTP = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete']);

function files(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), suffix) : e.name.endsWith(suffix) ? [join(dir, e.name)] : [],
  );
}

const decoratorName = (d: ts.Decorator) =>
  ts.isCallExpression(d.expression) && ts.isIdentifier(d.expression.expression) ? d.expression.expression.text : undefined;

/** Always null (OpenAPI 3.0 has no null type). */
const NULL: Schema = { type: 'string', nullable: true, enum: [null] };
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const dedupe = (schemas: Schema[]) => schemas.filter((s, i) => schemas.findIndex((t) => same(s, t)) === i);

/** One object schema for a union of object shapes (the views' branches): a property is required if every branch has it. */
function mergeObjects(parts: Schema[]): Schema {
  const names = [...new Set(parts.flatMap((p) => Object.keys(p.properties as Schema)))];
  const properties: Record<string, Schema> = {};
  for (const name of names) {
    const all = dedupe(parts.map((p) => (p.properties as Record<string, Schema>)[name]).filter(Boolean));
    // A branch where the property is only null makes the others nullable.
    const onlyNull = all.some((v) => same(v, NULL));
    const variants = all.filter((v) => !same(v, NULL)).map((v) => (onlyNull ? { ...v, nullable: true } : v));
    properties[name] = variants.length === 0 ? NULL : variants.length === 1 ? variants[0] : { anyOf: dedupe(variants) };
  }
  const required = names.filter((n) => parts.every((p) => ((p.required as string[] | undefined) ?? []).includes(n)));
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

class TypeToSchema {
  private readonly stack: ts.Type[] = [];
  constructor(private readonly checker: ts.TypeChecker) {}

  convert(type: ts.Type, at: ts.Node): Schema {
    const c = this.checker;
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (type.flags & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (type.flags & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    if (type.flags & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', enum: [c.typeToString(type) === 'true'] };
    if (type.flags & ts.TypeFlags.String) return { type: 'string' };
    if (type.flags & ts.TypeFlags.Number) return { type: 'number' };
    if (type.flags & ts.TypeFlags.BigInt) return { type: 'integer' };
    if (type.flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (type.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return { ...NULL };
    if (type.isUnion()) return this.union(type.types, at);
    if (type.symbol?.name === 'Date') return { type: 'string', format: 'date-time' };
    if (c.isArrayType(type) || c.isTupleType(type)) {
      const [item] = c.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: item ? this.convert(item, at) : {} };
    }
    if (type.flags & ts.TypeFlags.Object || type.isIntersection()) return this.object(type, at);
    return {};
  }

  private union(types: ts.Type[], at: ts.Node): Schema {
    const nullable = types.some((t) => t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void));
    const rest = types.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    if (rest.length === 0) return { ...NULL };
    let schema: Schema;
    const parts = rest.map((t) => this.convert(t, at));
    const literals = rest.every((t) => t.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral | ts.TypeFlags.BooleanLiteral));
    if (rest.length > 0 && literals) {
      const kinds = [...new Set(parts.map((p) => p.type))];
      const values = parts.flatMap((p) => p.enum as unknown[]);
      schema = kinds.length === 1 && kinds[0] === 'boolean' && values.length === 2 ? { type: 'boolean' } : { type: kinds[0], enum: values };
      if (kinds.length !== 1) delete schema.type;
    } else if (parts.length === 1) {
      schema = parts[0];
    } else if (parts.every((p) => p.type === 'object' && p.properties)) {
      schema = mergeObjects(parts);
    } else {
      schema = { anyOf: dedupe(parts) };
      if ((schema.anyOf as Schema[]).length === 1) schema = (schema.anyOf as Schema[])[0];
    }
    if (!nullable) return schema;
    // OpenAPI 3.0: `nullable` lets null through `type`, but an enum must list null itself.
    return Array.isArray(schema.enum) ? { ...schema, nullable: true, enum: [...schema.enum, null] } : { ...schema, nullable: true };
  }

  private object(type: ts.Type, at: ts.Node): Schema {
    if (this.stack.includes(type) || this.stack.length > 12) return { type: 'object' };
    this.stack.push(type);
    try {
      const c = this.checker;
      const properties: Record<string, Schema> = {};
      const required: string[] = [];
      for (const prop of c.getPropertiesOfType(type)) {
        const propType = c.getTypeOfSymbolAtLocation(prop, at);
        if (c.getSignaturesOfType(propType, ts.SignatureKind.Call).length) continue; // methods are not data
        const schema = this.convert(propType, at);
        const doc = ts.displayPartsToString(prop.getDocumentationComment(c)).trim();
        if (doc) schema.description = doc;
        properties[prop.name] = schema;
        const optional = prop.flags & ts.SymbolFlags.Optional;
        if (!optional && !(propType.isUnion() && propType.types.some((t) => t.flags & ts.TypeFlags.Undefined))) required.push(prop.name);
      }
      const out: Schema = { type: 'object', properties };
      if (required.length) out.required = required;
      const index = c.getIndexInfoOfType(type, ts.IndexKind.String);
      if (index) out.additionalProperties = this.convert(index.type, at);
      return out;
    } finally {
      this.stack.pop();
    }
  }
}

/** Per service, per operationId (`Controller_method`): the method's doc comment and the schema of what it returns. */
export function responseSchemas(root: string): Record<string, Record<string, OperationNotes>> {
  const sources = [
    ...SERVICES.flatMap((s) => files(join(root, `apps/${s}/src`), '.controller.ts')),
    ...files(join(root, 'libs/platform/src'), '.controller.ts'),
  ];
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  )!;
  const program = ts.createProgram(sources, { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const toSchema = new TypeToSchema(checker);
  const out: Record<string, Record<string, OperationNotes>> = Object.fromEntries(SERVICES.map((s) => [s, {}]));

  for (const file of sources) {
    const source = program.getSourceFile(file)!;
    const path = relative(root, file);
    const owners = SERVICES.filter((s) => path.startsWith(`apps/${s}/`));
    const services = owners.length ? owners : [...SERVICES]; // libs/platform: every service has it
    source.forEachChild(function visit(node) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const classDoc = docOf(checker, node.name);
      for (const member of node.members) {
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
        const decorators = ts.canHaveDecorators(member) ? (ts.getDecorators(member) ?? []) : [];
        if (!decorators.some((d) => HTTP.has(decoratorName(d) ?? ''))) continue;
        const signature = checker.getSignatureFromDeclaration(member)!;
        let returned = checker.getReturnTypeOfSignature(signature);
        const awaited = checker.getAwaitedType(returned);
        if (awaited) returned = awaited;
        const notes: OperationNotes = { response: toSchema.convert(returned, member) };
        const doc = docOf(checker, member.name) || classDoc;
        if (doc) notes.description = doc;
        for (const service of services) out[service][`${node.name.text}_${member.name.text}`] = notes;
      }
    });
  }
  return out;
}

function docOf(checker: ts.TypeChecker, name: ts.Identifier): string {
  const symbol = checker.getSymbolAtLocation(name);
  return symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() : '';
}
