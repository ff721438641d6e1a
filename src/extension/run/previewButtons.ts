// The step buttons in the markdown preview: a markdown-it plugin (contributed through `markdown.markdownItPlugins`)
// that adds "▶ Run" and "Copy" command links under each runnable fence of a runbook — only in a trusted workspace.
// Rendering runs nothing: a link runs its step only when clicked, through the same command as the CodeLens.
import * as vscode from 'vscode';
import type MarkdownIt from 'markdown-it';
import { parseInfoString, stepLanguage } from '../../core/steps';
import { Commands } from '../constants';

type Env = { currentDocument?: vscode.Uri };

export function stepButtonsPlugin(md: MarkdownIt, isRunbook: (uri: vscode.Uri) => boolean): MarkdownIt {
  const fence = md.renderer.rules.fence ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.fence = (tokens, idx, options, env: Env, self) => {
    const html = fence(tokens, idx, options, env, self);
    const uri = env?.currentDocument;
    const info = parseInfoString(tokens[idx].info);
    if (!uri || !vscode.workspace.isTrusted || !stepLanguage(info.language) || !isRunbook(uri)) {
      return html;
    }
    // The same ids as the parser gives: explicit, else step-N counting runnable fences in document order.
    let n = 0;
    for (let i = 0; i <= idx; i++) {
      if (tokens[i].type === 'fence' && stepLanguage(parseInfoString(tokens[i].info).language)) {
        n++;
      }
    }
    const id = typeof info.attributes.id === 'string' ? info.attributes.id : `step-${n}`;
    const args = encodeURIComponent(JSON.stringify([uri.toString(), id]));
    const label = info.attributes.destructive !== undefined ? '⚠ Run…' : '▶ Run';
    return `${html}<div class="runbook-step-actions" data-step="${md.utils.escapeHtml(id)}"><a href="command:${Commands.runStep}?${args}" title="Run step ${md.utils.escapeHtml(id)} in the runbook's terminal">${label}</a> · <a href="command:${Commands.copyStep}?${args}" title="Copy the command with its variables filled in">Copy</a></div>`;
  };
  return md;
}
