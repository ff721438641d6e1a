// Every lint rule, sorted by id. One rule per file; `support.ts` holds what they share.
import type { LintRule } from '../types';
import { actionItems } from './actionItems';
import { alertClaimedTwice } from './alertClaimedTwice';
import { alertWithoutRule } from './alertWithoutRule';
import { alertWithoutRunbook } from './alertWithoutRunbook';
import { brokenLink } from './brokenLink';
import { danglingRunbookUrl } from './danglingRunbookUrl';
import { destructiveUnmarked } from './destructiveUnmarked';
import { destructiveWithoutRollback } from './destructiveWithoutRollback';
import { duplicateHeadings } from './duplicateHeadings';
import { fenceLanguage } from './fenceLanguage';
import { frontMatterMissing } from './frontMatterMissing';
import { frontMatterSchema } from './frontMatterSchema';
import { lastReviewedMissing } from './lastReviewedMissing';
import { missingImage } from './missingImage';
import { nothingToRun } from './nothingToRun';
import { owner } from './owner';
import { promptInNonConsole } from './promptInNonConsole';
import { requiredSections } from './requiredSections';
import { ruleFileProblem } from './ruleFileProblem';
import { staleReview } from './staleReview';
import { drillFreshness } from './drillFreshness';
import { title } from './title';
import { titleMismatch } from './titleMismatch';
import { unknownVariable } from './unknownVariable';

export const ALL_RULES: readonly LintRule[] = [
  frontMatterSchema, // RB101
  frontMatterMissing, // RB102
  title, // RB103
  requiredSections, // RB104
  duplicateHeadings, // RB105
  titleMismatch, // RB106
  alertWithoutRule, // RB201
  alertClaimedTwice, // RB202
  danglingRunbookUrl, // RB203
  alertWithoutRunbook, // RB204
  ruleFileProblem, // RB205
  fenceLanguage, // RB301
  unknownVariable, // RB302
  promptInNonConsole, // RB303
  destructiveUnmarked, // RB304
  nothingToRun, // RB305
  destructiveWithoutRollback, // RB306
  brokenLink, // RB401
  missingImage, // RB402
  staleReview, // RB403
  owner, // RB404
  lastReviewedMissing, // RB405
  drillFreshness, // RB406
  actionItems, // RB501
];
