// Every command, view and context key id, in one place. The manifest (package.json) must agree: a test checks it.
import { SETTINGS, SETTINGS_SECTION, type SettingName } from '../core/settings';

export const Commands = {
  openRunbook: 'runbooks.openRunbook',
  refresh: 'runbooks.refresh',
  filter: 'runbooks.filter',
  clearFilter: 'runbooks.clearFilter',
  groupByService: 'runbooks.groupByService',
  groupByAlert: 'runbooks.groupByAlert',
  openForAlert: 'runbooks.openForAlert',
  openFromPayload: 'runbooks.openFromPayload',
  createRunbook: 'runbooks.createRunbook',
  createRunbookForAlert: 'runbooks.createRunbookForAlert',
  editBoundLabels: 'runbooks.editBoundLabels',
  lintWorkspace: 'runbooks.lintWorkspace',
  runStep: 'runbooks.runStep',
  copyStep: 'runbooks.copyStep',
  runSection: 'runbooks.runSection',
  runDiagnosis: 'runbooks.runDiagnosis',
  startIncident: 'runbooks.startIncident',
  addNote: 'runbooks.addNote',
  endIncident: 'runbooks.endIncident',
  exportTimeline: 'runbooks.exportTimeline',
  newReview: 'runbooks.newReview',
  fileActionItems: 'runbooks.fileActionItems',
  setTrackerToken: 'runbooks.setTrackerToken',
  showRunOutput: 'runbooks.showRunOutput',
  /** Internal: resolve one alert by name (CodeLens "+N more"). */
  openForAlertName: 'runbooks.openForAlertName',
} as const;

export const Views = {
  container: 'runbooks',
  explorer: 'runbooks.explorer',
  timeline: 'runbooks.timeline',
} as const;

export const ContextKeys = {
  groupBy: 'runbooks.groupBy',
  filtered: 'runbooks.filtered',
  indexed: 'runbooks.indexed',
  count: 'runbooks.count',
  incidentActive: 'runbooks.incidentActive',
} as const;

/**
 * Keys under `runbooks.` of the settings declared in core/settings.ts (by the same names). Read settings through
 * util/settings.ts, which checks values and honours Restricted Mode.
 */
export const Settings = {
  section: SETTINGS_SECTION,
  ...(Object.fromEntries(Object.entries(SETTINGS).map(([name, d]) => [name, d.key])) as { readonly [N in SettingName]: string }),
};
