// The step buttons in the markdown preview: a markdown-it plugin (contributed through `markdown.markdownItPlugins`)
// that adds "▶ Run" and "Copy" links under each runnable fence of a runbook — only in a trusted workspace.
// The built-in preview does not follow `command:` links, so they are links to this extension
// (`<scheme>://<extension id>/run?…`), handled by its URI handler, which always shows the command and asks before
// running it (a link can come from anywhere). Rendering runs nothing.
import * as vscode from 'vscode';
import type MarkdownIt from 'markdown-it';
import { parseInfoString, stepLanguage } from '../../core/steps';

type Env = { currentDocument?: vscode.Uri };

/** `vscode://incident-runbooks.incident-runbooks/run?uri=…&step=…` (and `/copy`). */
export function stepLink(extensionId: string, action: 'run' | 'copy', uri: vscode.Uri, stepId: string): string {
  return `${vscode.env.uriScheme}://${extensionId}/${action}?uri=${encodeURIComponent(uri.toString())}&step=${encodeURIComponent(stepId)}`;
}

export function stepButtonsPlugin(md: MarkdownIt, extensionId: string, isRunbook: (uri: vscode.Uri) => boolean): MarkdownIt {
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
    const label = info.attributes.destructive !== undefined ? '⚠ Run…' : '▶ Run…';
    const esc = md.utils.escapeHtml;
    return `${html}<div class="runbook-step-actions" data-step="${esc(id)}"><a href="${esc(stepLink(extensionId, 'run', uri, id))}" title="Run step ${esc(id)} in the runbook's terminal (asks first)">${label}</a> · <a href="${esc(stepLink(extensionId, 'copy', uri, id))}" title="Copy the command with its variables filled in">Copy</a></div>`;
  };
  return md;
}
