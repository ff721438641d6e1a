// The extension's adapter for the `runbooks.*` settings declared in core/settings.ts: VS Code's configuration, each
// level checked by the declaration, a workspace's or folder's value skipped where the declaration does not let a
// repository set it (restricted settings in Restricted Mode, user-only settings always).
import * as vscode from 'vscode';
import { fullKey, SETTINGS, SETTINGS_SECTION, settingValue, type SettingDeclaration, type SettingName, type SettingValue } from '../../core/settings';

/** The value of setting `name` for `scope` (a folder, document or URI; none: the window). */
export function setting<N extends SettingName>(name: N, scope?: vscode.ConfigurationScope): SettingValue<N> {
  return read(SETTINGS[name] as SettingDeclaration<SettingValue<N>>, scope);
}

/** Does the configuration change touch one of these settings? */
export function affectsSettings(e: vscode.ConfigurationChangeEvent, ...names: SettingName[]): boolean {
  return names.some((n) => e.affectsConfiguration(fullKey(SETTINGS[n])));
}

function read<T>(decl: SettingDeclaration<T>, scope: vscode.ConfigurationScope | undefined): T {
  const levels = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope).inspect(decl.key);
  return settingValue(decl, levels ?? {}, vscode.workspace.isTrusted);
}
