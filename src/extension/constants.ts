// Every command, view and context key id, in one place. The manifest (package.json) must agree: a test checks it.

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
 * Keys under `runbooks.` of the settings declared in core/settings.ts, by the same names (a unit test holds them
 * together; kept here so the entry bundle stays small). Read settings through util/settings.ts.
 */
export const Settings = {
  section: 'runbooks',
  include: 'include',
  exclude: 'exclude',
  rulesInclude: 'rules.include',
  annotationKeys: 'rules.annotationKeys',
  urlMappings: 'urlMappings',
  newRunbookFolder: 'newRunbookFolder',
  templatesFolder: 'templatesFolder',
  sessionsFolder: 'sessions.folder',
  dangerousPatterns: 'run.dangerousPatterns',
  confirmCommands: 'run.confirmCommands',
  cwd: 'run.cwd',
  warmTerminal: 'run.warmTerminal',
  offerFirstStep: 'alertLink.offerFirstStep',
  targets: 'targets',
  reviewsFolder: 'postmortems.folder',
  reviewOwner: 'postmortems.owner',
  reviewTracker: 'postmortems.tracker',
  trackerLabels: 'trackers.labels',
  trackerTypeMapping: 'trackers.typeMapping',
  githubApiUrl: 'trackers.githubApiUrl',
  gitlabUrl: 'trackers.gitlabUrl',
  jiraUrl: 'trackers.jiraUrl',
  jiraEmail: 'trackers.jiraEmail',
  redactionPatterns: 'redaction.patterns',
  captureOutput: 'sessions.captureOutput',
  captureLines: 'sessions.captureLines',
  captureBytes: 'sessions.captureBytes',
  captureSessionBytes: 'sessions.captureSessionBytes',
} as const;
