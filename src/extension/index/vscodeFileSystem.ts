// The core's FileSystem over `vscode.workspace.fs`; paths are URI strings.
import * as vscode from 'vscode';
import type { FileSystem } from '../../core/fileSystem';

export const vscodeFileSystem: FileSystem = {
  async readFile(path) {
    return vscode.workspace.fs.readFile(vscode.Uri.parse(path, true));
  },
  async readDirectory(path) {
    return vscode.workspace.fs.readDirectory(vscode.Uri.parse(path, true));
  },
};
