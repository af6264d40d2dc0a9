export { buildSandbox, type Sandbox, type SandboxOptions } from './app.ts';
export { sandboxEnv, type SandboxConfig } from './config.ts';
export { Scenario, type ScenarioOptions } from './scenario/engine.ts';
export type { ScenarioItem, Persona, GroundTruth, Category, ScenarioPlatform } from './scenario/types.ts';
export { FAULT_KINDS, type FaultKind, type FaultSpec } from './faults.ts';
export { API_NAMES, type ApiName } from './api-kit.ts';
