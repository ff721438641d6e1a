// The runner for the installed-.vsix check: the integration suite's mocha runner, on the files of this folder.
import { runIn } from '../integration/index';

export function run(): Promise<void> {
  return runIn(__dirname);
}
