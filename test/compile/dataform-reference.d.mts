/** Dataform's compiled graph as a plain object (only the fields the conformance tests read). */
export interface DataformTarget {
  database?: string;
  schema?: string;
  name?: string;
}
export interface DataformAction {
  target: DataformTarget;
  type?: string;
  enumType?: string;
  fileName?: string;
  dependencyTargets?: DataformTarget[];
  tags?: string[];
  query?: string;
  incrementalQuery?: string;
  queries?: string[];
  preOps?: string[];
  postOps?: string[];
  incrementalPreOps?: string[];
  incrementalPostOps?: string[];
  uniqueKey?: string[];
  parentAction?: DataformTarget;
  disabled?: boolean;
  hasOutput?: boolean;
}
export interface DataformTest {
  name: string;
  testQuery?: string;
  expectedOutputQuery?: string;
}
export interface DataformGraph {
  tables?: DataformAction[];
  operations?: DataformAction[];
  assertions?: DataformAction[];
  declarations?: DataformAction[];
  tests?: DataformTest[];
  graphErrors?: { compilationErrors?: { fileName?: string; message?: string }[] };
}
export function compileWithDataform(projectDir: string): DataformGraph;
