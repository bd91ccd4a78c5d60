/** Fixtures shared by the emulator's tests and the root's emulator suites (no Effect in them). */

/**
 * The pipeline as a team keeps it in its repository (`aws codepipeline create-pipeline --cli-input-json`):
 * JSON text, written out in full, so its actions look alike as a real file's do.
 */
export const releaseDefinition = `{
  "pipeline": {
    "name": "release",
    "roleArn": "arn:aws:iam::123456789012:role/codepipeline",
    "pipelineType": "V2",
    "executionMode": "SUPERSEDED",
    "artifactStore": { "type": "S3", "location": "codepipeline-artifacts" },
    "variables": [{ "name": "Environment", "defaultValue": "prod", "description": "Where to deploy" }],
    "stages": [
      {
        "name": "Source",
        "actions": [{
          "name": "Source",
          "actionTypeId": { "category": "Source", "owner": "AWS", "provider": "CodeCommit", "version": "1" },
          "configuration": { "RepositoryName": "app", "BranchName": "main" },
          "outputArtifacts": [{ "name": "SourceOutput" }]
        }]
      },
      {
        "name": "Build",
        "actions": [{
          "name": "Jenkins",
          "actionTypeId": { "category": "Build", "owner": "Custom", "provider": "Jenkins", "version": "1" },
          "configuration": { "Project": "app" },
          "inputArtifacts": [{ "name": "SourceOutput" }],
          "outputArtifacts": [{ "name": "BuildOutput" }]
        }]
      },
      {
        "name": "Approve",
        "actions": [{
          "name": "Approve",
          "actionTypeId": { "category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1" },
          "configuration": { "CustomData": "Ship it?" }
        }]
      },
      {
        "name": "Deploy",
        "actions": [{
          "name": "Deploy",
          "actionTypeId": { "category": "Deploy", "owner": "AWS", "provider": "CodeDeploy", "version": "1" },
          "configuration": { "ApplicationName": "app", "DeploymentGroupName": "#{variables.Environment}" },
          "inputArtifacts": [{ "name": "BuildOutput" }]
        }]
      }
    ]
  },
  "tags": [{ "key": "team", "value": "core" }]
}`

/** The release pipeline's declaration, with a CodeBuild build (output variables in `BuildVariables`) instead of the Jenkins job. */
export const releaseWithCodeBuild = () => {
  const { pipeline } = JSON.parse(releaseDefinition)
  pipeline.stages[1].actions[0] = {
    name: "Build",
    namespace: "BuildVariables",
    actionTypeId: { category: "Build", owner: "AWS", provider: "CodeBuild", version: "1" },
    configuration: { ProjectName: "app" },
    inputArtifacts: [{ name: "SourceOutput" }],
    outputArtifacts: [{ name: "BuildOutput" }],
  }
  return pipeline
}
