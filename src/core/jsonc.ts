// JSON with comments and trailing commas, as VS Code writes settings and `.runbooklint.jsonc`: read with jsonc-parser,
// the library VS Code itself uses.
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

const OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

/**
 * The value of a JSONC document; undefined when it does not parse (or holds nothing). Objects are plain, each key an
 * own property (`__proto__` included, as JSON.parse has it); of a key given twice, the last counts.
 */
export function parseJsonc(text: string): unknown {
  const errors: ParseError[] = [];
  try {
    const tree = parseTree(withoutBom(text), errors, OPTIONS);
    return errors.length || !tree ? undefined : nodeValue(tree);
  } catch (e) {
    if (e instanceof RangeError) {
      return undefined; // nested deeper than the stack: jsonc-parser (and nodeValue) recurse
    }
    throw e;
  }
}

/** A node's value as JSON.parse would give it. */
export function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'array':
      return (node.children ?? []).map(nodeValue);
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (key && value) {
          Object.defineProperty(o, String(key.value), { value: nodeValue(value), enumerable: true, writable: true, configurable: true });
        }
      }
      return o;
    }
    default:
      return node.value;
  }
}

/** A JSONC document as a tree with offsets (undefined when it holds nothing), or its first syntax error. */
export function parseJsoncTree(text: string): { tree: Node | undefined } | { error: string; offset: number } {
  const errors: ParseError[] = [];
  let tree: Node | undefined;
  try {
    tree = parseTree(withoutBom(text), errors, { ...OPTIONS, allowEmptyContent: true });
  } catch (e) {
    if (e instanceof RangeError) {
      return { error: 'nested too deeply', offset: 0 };
    }
    throw e;
  }
  const e = errors[0];
  return e ? { error: describe(e), offset: e.offset } : { tree };
}

export type { Node as JsoncNode } from 'jsonc-parser';

/** A BOM becomes a space, so that offsets stay those of the file. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
}

const MESSAGES: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'property name expected',
  ValueExpected: 'value expected',
  ColonExpected: 'colon expected',
  CommaExpected: 'comma expected',
  CloseBraceExpected: '} expected',
  CloseBracketExpected: '] expected',
  EndOfFileExpected: 'end of file expected',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'comment not closed',
  UnexpectedEndOfString: 'string not closed',
  UnexpectedEndOfNumber: 'number not finished',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character in a string',
  InvalidCharacter: 'invalid control character in a string',
};

function describe(e: ParseError): string {
  const code = printParseErrorCode(e.error);
  return MESSAGES[code] ?? code;
}
