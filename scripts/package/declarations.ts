import { SyntaxKind } from 'typescript/unstable/ast';
import {
  API,
  type Checker,
  ElementFlags,
  NodeBuilderFlags,
  type Signature,
  SignatureKind,
  SymbolFlags,
  type Symbol as TsSymbol,
  type Type,
  TypeFlags,
  type TypeReference,
} from 'typescript/unstable/sync';

/** One entry point of the package: its name in `exports` and the module it is made from. */
export interface Entry {
  name: string;
  source: string;
}

const FLAGS = NodeBuilderFlags.NoTruncation | NodeBuilderFlags.UseSingleQuotesForStringLiteralType;
/** Library types printed by name with their arguments, never taken apart. */
const BY_NAME = new Set(['Promise', 'Record', 'Array', 'ReadonlyArray']);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * The package's declaration files, written from the sources by the TypeScript checker: every type
 * is spelled out in plain TypeScript, so a site needs neither zod nor our sources to use them. A type
 * made from a schema (`z.infer<typeof X>`) is expanded, with the schema's doc comments; one written
 * by hand (an interface, a generic over other exported types) is copied as it is written; a
 * function keeps its written signature. Returns file name → text: `types.d.ts` with every type,
 * and one `<entry>.d.ts` per entry re-exporting its own.
 */
export function declarations(entries: Entry[], cwd = process.cwd()): Map<string, string> {
  const api = new API({ cwd });
  try {
    const project = api.updateSnapshot({ openProject: 'tsconfig.json' }).getProjects()[0];
    if (!project) throw new Error('no TypeScript project in tsconfig.json');
    const { checker, program } = project;

    const types = new Map<string, TsSymbol>();
    const perEntry = new Map<string, { types: string[]; functions: TsSymbol[] }>();
    for (const entry of entries) {
      const file = program.getSourceFile(entry.source);
      const module = file && checker.getSymbolAtLocation(file);
      if (!module) throw new Error(`${entry.source}: not in the project`);
      const own = { types: [] as string[], functions: [] as TsSymbol[] };
      for (const exported of checker.getExportsOfModule(module)) {
        const symbol =
          exported.flags & SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        if (symbol.flags & (SymbolFlags.TypeAlias | SymbolFlags.Interface)) {
          types.set(exported.name, symbol);
          own.types.push(exported.name);
        } else if (symbol.flags & SymbolFlags.Function) own.functions.push(symbol);
        else
          throw new Error(
            `${entry.source}: export ${exported.name} is neither a type nor a function`,
          );
      }
      perEntry.set(entry.name, own);
    }

    // A type met again inside another is printed by its exported name.
    const named = new Map<number, string>();
    for (const [name, symbol] of types) named.set(checker.getDeclaredTypeOfSymbol(symbol).id, name);
    const printer = typePrinter(checker, named);

    const out = new Map<string, string>();
    const typeBlocks = [...types].map(([name, symbol]) => {
      const declaration = symbol.declarations
        .map((handle) => handle.resolve())
        .find(
          (node) =>
            node?.kind === SyntaxKind.TypeAliasDeclaration ||
            node?.kind === SyntaxKind.InterfaceDeclaration,
        );
      if (!declaration) throw new Error(`${name}: no type declaration`);
      const text = declaration.getText();
      const written = !/\bz\.|\btypeof\b/.test(text);
      const body = written
        ? text.replace(/^(export\s+)?/, 'export ')
        : `export type ${name} = ${printer.print(checker.getDeclaredTypeOfSymbol(symbol), '', true)};`;
      return doc(symbol.getDocumentationComment(checker), '') + body;
    });
    const header = '// Written by `npm run package` from the sources; do not edit.\n';
    out.set('types.d.ts', `${header}\n${typeBlocks.join('\n\n')}\n`);

    const allTypes = [...types.keys()];
    for (const entry of entries) {
      const own = perEntry.get(entry.name);
      if (!own) continue;
      const lines = [header];
      if (own.functions.length)
        lines.push(`import type { ${allTypes.join(', ')} } from './types.js';`);
      if (own.types.length)
        lines.push(`export type { ${own.types.join(', ')} } from './types.js';`);
      for (const fn of own.functions) lines.push('', functionDeclaration(checker, fn));
      if (!own.types.length && !own.functions.length) lines.push('export {};');
      out.set(`${entry.name}.d.ts`, `${lines.join('\n')}\n`);
    }
    return out;
  } finally {
    api.close();
  }
}

function doc(text: string, indent: string): string {
  if (!text.trim()) return '';
  const lines = text.trim().split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => `${indent} * ${line}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

/** A function as written: its overloads, else its own signature, without the body. */
function functionDeclaration(checker: Checker, symbol: TsSymbol): string {
  const nodes = symbol.declarations.map((handle) => handle.resolve()).filter((node) => !!node);
  const overloads = nodes.filter((node) => !(node as { body?: unknown }).body);
  const chosen = overloads.length ? overloads : nodes;
  const signatures = chosen.map((node) => {
    const text = node.getText();
    const body = (node as { body?: { getText(): string } }).body;
    const head = body ? text.slice(0, text.lastIndexOf(body.getText())).trimEnd() : text;
    return `${head.replace(/^export\s+function\b/, 'export declare function').replace(/;?$/, ';')}`;
  });
  return doc(symbol.getDocumentationComment(checker), '') + signatures.join('\n');
}

function typePrinter(checker: Checker, named: Map<number, string>) {
  const str = (type: Type) => checker.typeToString(type, undefined, FLAGS);
  const isFunction = (type: Type) =>
    type.isObjectType() &&
    checker.getSignaturesOfType(type, SignatureKind.Call).length > 0 &&
    checker.getPropertiesOfType(type).length === 0;
  /** `type` printed where `|`, `[]` or `?` follows: unions and functions in parentheses. */
  const operand = (type: Type, indent: string) => {
    const text = print(type, indent);
    const bare = named.has(type.id) || !(type.isUnionType() || isFunction(type));
    return bare ? text : `(${text})`;
  };
  const lastly = (type: Type) => (type.flags & (TypeFlags.Undefined | TypeFlags.Null) ? 1 : 0);

  function signature(sig: Signature, indent: string): string {
    const params = sig.getParameters().map((param, i, all) => {
      const type = checker.getTypeOfSymbol(param);
      const rest = sig.hasRestParameter && i === all.length - 1 ? '...' : '';
      const written = param.valueDeclaration?.resolve() as { questionToken?: unknown } | undefined;
      const optional = written?.questionToken ? '?' : '';
      return `${rest}${param.name}${optional}: ${type ? print(type, indent) : 'unknown'}`;
    });
    const returned = checker.getReturnTypeOfSignature(sig);
    return `(${params.join(', ')}) => ${returned ? print(returned, indent) : 'void'}`;
  }

  function print(type: Type, indent: string, top = false): string {
    if (!top) {
      const name = named.get(type.id);
      if (name) return name;
      const alias = type.getAliasSymbol();
      const aliasName = alias && named.get(checker.getDeclaredTypeOfSymbol(alias).id);
      if (aliasName) {
        const args = type.getAliasTypeArguments();
        return args.length
          ? `${aliasName}<${args.map((arg) => print(arg, indent)).join(', ')}>`
          : aliasName;
      }
    }
    if (type.isUnionType()) {
      // Written order: `string | undefined`, and `boolean` for `true | false`.
      const parts = [...type.getTypes()].sort((a, b) => lastly(a) - lastly(b));
      const booleans = parts.filter((part) => part.isBooleanLiteralType()).length === 2;
      const printed: string[] = [];
      for (const part of parts) {
        if (!part.isBooleanLiteralType() || !booleans) printed.push(operand(part, indent));
        else if (!printed.includes('boolean')) printed.push('boolean');
      }
      return printed.join(' | ');
    }
    if (!type.isObjectType()) return str(type);
    const alias = type.getAliasSymbol();
    if (alias && BY_NAME.has(alias.name)) {
      const args = type.getAliasTypeArguments().map((arg) => print(arg, indent));
      return `${alias.name}<${args.join(', ')}>`;
    }
    if (type.isTypeReference()) {
      const reference = type as TypeReference;
      const target = reference.getTarget();
      const args = checker.getTypeArguments(reference);
      if (target.isTupleType()) {
        const elements = args.map((arg, i) => {
          const flags = target.elementFlags[i] ?? ElementFlags.Required;
          if (flags & ElementFlags.Rest) return `...${operand(arg, indent)}[]`;
          return flags & ElementFlags.Optional ? `${operand(arg, indent)}?` : print(arg, indent);
        });
        return `[${elements.join(', ')}]`;
      }
      const name = target.getSymbol()?.name;
      if (name === 'Array' && args[0]) return `${operand(args[0], indent)}[]`;
      if (name && BY_NAME.has(name))
        return `${name}<${args.map((arg) => print(arg, indent)).join(', ')}>`;
    }
    const properties = checker.getPropertiesOfType(type);
    const indexes = checker.getIndexInfosOfType(type);
    const calls = checker.getSignaturesOfType(type, SignatureKind.Call);
    if (calls.length === 1 && calls[0] && !properties.length && !indexes.length)
      return signature(calls[0], indent);
    const symbol = type.getSymbol();
    if (
      symbol &&
      !(symbol.flags & (SymbolFlags.TypeLiteral | SymbolFlags.ObjectLiteral)) &&
      !calls.length &&
      symbol.name !== '__type'
    )
      return str(type);
    const inner = `${indent}  `;
    const members = [
      ...indexes.map(
        (index) => `${inner}[key: ${str(index.keyType)}]: ${print(index.valueType, inner)};`,
      ),
      ...properties.map((property) => {
        const key = IDENTIFIER.test(property.name) ? property.name : `'${property.name}'`;
        const optional = property.flags & SymbolFlags.Optional ? '?' : '';
        const propertyType = checker.getTypeOfSymbol(property);
        return `${doc(property.getDocumentationComment(checker), inner)}${inner}${key}${optional}: ${
          propertyType ? print(propertyType, inner) : 'unknown'
        };`;
      }),
    ];
    return members.length ? `{\n${members.join('\n')}\n${indent}}` : '{}';
  }

  return { print };
}
