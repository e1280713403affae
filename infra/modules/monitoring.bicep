// Log Analytics workspace, workspace-based Application Insights, and one alert that emails the ministry coordinators
// when the app logs errors (a failed orchestration, an email given up on, a storage outage).

@description('Azure region.')
param location string

@description('Prefix of every resource name, such as ikma-prod.')
param namePrefix string

@description('Tags for every resource.')
param tags { *: string }

@description('Addresses the error alert is emailed to.')
param alertEmails string[]

@description('Days the workspace keeps logs and traces.')
@minValue(30)
@maxValue(730)
param retentionInDays int

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${namePrefix}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

// Ingestion uses the connection string's key, which only lets telemetry be written. Local authentication stays on
// because the app's OpenTelemetry exporter signs in with that key; turning it off needs the exporter to be given the
// managed identity's credential first (docs/deployment.md, "Choices left open").
resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${namePrefix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    RetentionInDays: retentionInDays
  }
}

resource coordinators 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'ikma-ops'
    enabled: true
    emailReceivers: [
      for (address, i) in alertEmails: {
        name: 'coordinator-${i}'
        emailAddress: address
        useCommonAlertSchema: true
      }
    ]
  }
}

// Error-level log records of the app (the worker's logs reach Application Insights as traces with severity 3 or more,
// exceptions as exceptions). Checked every 15 minutes over the last 15; one email per firing, not per record.
resource errorsLogged 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${namePrefix}-errors'
  location: location
  tags: tags
  properties: {
    displayName: 'IKMA Workflow logged errors (${namePrefix})'
    description: 'The app logged errors in the last 15 minutes. Runbook: docs/operations.md in the repository.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'union traces, exceptions | where severityLevel >= 3'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        coordinators.id
      ]
    }
  }
}

@description('Application Insights connection string (APPLICATIONINSIGHTS_CONNECTION_STRING); it carries a write-only ingestion key, not a secret that opens any data.')
output appInsightsConnectionString string = appInsights.properties.ConnectionString

@description('Application Insights resource name.')
output appInsightsName string = appInsights.name

@description('Log Analytics workspace resource id.')
output workspaceId string = workspace.id

@description('Log Analytics workspace name.')
output workspaceName string = workspace.name
