import { describe, expect, it } from "vitest";
import { selectActions } from "../../src/select/select.js";
import { parseSelectors } from "../../src/select/syntax.js";
import { selectionRows } from "../../src/select/listing.js";
import { planRebuild } from "../../src/select/changes.js";
import { SluiceError } from "../../src/errors.js";
import { builtState, edit, id, shopGraph } from "./fixtures.js";

const graph = shopGraph();
const names = (ids: string[]) => ids.map((full) => full.split(".").pop());
const select = (select: string[], exclude: string[] = []) => names(selectActions(graph, { select, exclude }));

function selectorError(fn: () => unknown): SluiceError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SluiceError);
    return error as SluiceError;
  }
  throw new Error("expected a SluiceError");
}

describe("selectActions", () => {
  it("selects everything in dependency order when nothing is given", () => {
    expect(select([])).toEqual([
      "raw_orders",
      "raw_customers",
      "stg_orders",
      "stg_customers",
      "orders",
      "customers",
      "customer_orders",
      "report",
      "customer_orders_unique",
    ]);
  });

  it("matches a bare name, schema.name and the full id", () => {
    expect(select(["orders"])).toEqual(["orders"]);
    expect(select(["analytics.orders"])).toEqual(["orders"]);
    expect(select([id("orders")])).toEqual(["orders"]);
    expect(select(["stg_*"])).toEqual(["stg_orders", "stg_customers"]);
  });

  it("adds upstream with +name, downstream with name+, and both with +name+", () => {
    expect(select(["+orders"])).toEqual(["raw_orders", "stg_orders", "orders"]);
    expect(select(["orders+"])).toEqual(["orders", "customer_orders", "report", "customer_orders_unique"]);
    expect(select(["+customers+"])).toEqual(["raw_customers", "stg_customers", "customers", "customer_orders", "report", "customer_orders_unique"]);
  });

  it("limits the depth of graph operators", () => {
    expect(select(["1+orders"])).toEqual(["stg_orders", "orders"]);
    expect(select(["stg_orders+1"])).toEqual(["stg_orders", "orders"]);
  });

  it("@name adds the downstream and everything they need", () => {
    expect(select(["@orders"])).toEqual([
      "raw_orders",
      "raw_customers",
      "stg_orders",
      "stg_customers",
      "orders",
      "customers",
      "customer_orders",
      "report",
      "customer_orders_unique",
    ]);
  });

  it("selects by tag, path, type, target and engine", () => {
    expect(select(["tag:nightly"])).toEqual(["orders", "customer_orders"]);
    expect(select(["path:definitions/gold"])).toEqual(["orders", "customers", "customer_orders", "customer_orders_unique"]);
    expect(select(["path:definitions/gold/"])).toEqual(select(["path:definitions/gold"]));
    expect(select(["path:definitions/**/stg_*.sqlx"])).toEqual(["stg_orders", "stg_customers"]);
    expect(select(["definitions/staging"])).toEqual(["stg_orders", "stg_customers"]);
    expect(select(["type:incremental"])).toEqual(["orders"]);
    expect(select(["type:view"])).toEqual(["stg_orders", "stg_customers"]);
    expect(select(["target:warehouse"])).toEqual(["report"]);
    expect(select(["engine:snowflake"])).toEqual(["report"]);
    expect(select(["type:ingest"])).toEqual([]);
  });

  it("does not treat a folder name as a prefix of a longer folder", () => {
    const error = selectorError(() => select(["path:definitions/go"]));
    expect(error.diagnostics[0].hint).toContain("`definitions/gold`");
  });

  it("unites space-separated words and repeated flags, intersects comma-joined ones", () => {
    expect(select(["orders customers"])).toEqual(["orders", "customers"]);
    expect(select(["orders", "customers"])).toEqual(["orders", "customers"]);
    expect(select(["tag:nightly,type:table"])).toEqual(["customer_orders"]);
    expect(select(["path:definitions/gold,orders+"])).toEqual(["orders", "customer_orders", "customer_orders_unique"]);
  });

  it("removes --exclude matches after selecting", () => {
    expect(select(["+customer_orders"], ["raw_orders raw_customers"])).toEqual(["stg_orders", "stg_customers", "orders", "customers", "customer_orders"]);
    expect(select([], ["type:declaration", "type:assertion"])).toEqual(["stg_orders", "stg_customers", "orders", "customers", "customer_orders", "report"]);
  });

  it("state:modified selects exactly the edited action, and its downstream with +", () => {
    const before = builtState(graph);
    const edited = edit(graph, id("customers"), { data: "changed" });
    expect(names(selectActions(edited, { select: ["state:modified"], state: before }))).toEqual(["customers"]);
    expect(names(selectActions(edited, { select: ["state:modified+"], state: before }))).toEqual(["customers", "customer_orders", "report", "customer_orders_unique"]);
  });

  it("state:modified selects nothing after a description, tag or formatting-only edit", () => {
    const before = builtState(graph);
    // The compiler keeps these out of the data fingerprint; only the metadata fingerprint moves.
    const edited = edit(edit(graph, id("customers"), { description: "Customers, now documented", metadata: "meta-2" }), id("orders"), { tags: ["nightly", "new"], metadata: "meta-3" });
    expect(selectActions(edited, { select: ["state:modified"], state: before })).toEqual([]);
    expect(selectActions(edited, { select: ["state:modified+"], state: before })).toEqual([]);
  });

  it("state:modified counts new and never-successful actions, not declarations", () => {
    const before = builtState(graph);
    before.delete(id("customers"));
    before.set(id("orders"), { actionId: id("orders"), dataFingerprint: "data-orders" });
    expect(names(selectActions(graph, { select: ["state:modified"], state: before }))).toEqual(["orders", "customers"]);
    expect(names(selectActions(graph, { select: ["state:new"], state: (actionId) => before.get(actionId) }))).toEqual(["orders", "customers"]);
  });

  it("indirect assertion selection adds an assertion when all it checks is selected", () => {
    expect(names(selectActions(graph, { select: ["customer_orders"], indirectAssertions: "cautious" }))).toEqual(["customer_orders", "customer_orders_unique"]);
    expect(names(selectActions(graph, { select: ["customers"], indirectAssertions: "cautious" }))).toEqual(["customers"]);
    expect(names(selectActions(graph, { select: ["customer_orders"], exclude: ["type:assertion"], indirectAssertions: "cautious" }))).toEqual(["customer_orders"]);
  });

  it("rejects unknown names with a suggestion", () => {
    const error = selectorError(() => select(["custmers"]));
    expect(error.diagnostics[0].code).toBe("selector-unknown");
    expect(error.diagnostics[0].hint).toContain("`customers`");
    expect(selectorError(() => select(["tag:nighly"])).diagnostics[0].hint).toContain("`nightly`");
    expect(selectorError(() => select(["type:incremantal"])).diagnostics[0].hint).toContain("`incremental`");
    expect(selectorError(() => select(["target:warehose"])).diagnostics[0].hint).toContain("`warehouse`");
    expect(selectorError(() => select([], ["ordrs"])).diagnostics[0].hint).toContain("`orders`");
  });

  it("rejects unknown methods and malformed selectors", () => {
    expect(selectorError(() => parseSelectors(["tags:nightly"])).diagnostics[0].hint).toContain("`tag`");
    expect(selectorError(() => parseSelectors(["a,,b"])).diagnostics[0].code).toBe("selector-syntax");
    expect(selectorError(() => parseSelectors(["+@orders"])).diagnostics[0].code).toBe("selector-syntax");
    expect(selectorError(() => parseSelectors(["tag:"])).diagnostics[0].code).toBe("selector-syntax");
  });

  it("state: selectors need the previous state", () => {
    expect(selectorError(() => selectActions(graph, { select: ["state:modified"] })).diagnostics[0].code).toBe("selector-no-state");
  });

  it("parses depth and method into atoms", () => {
    expect(parseSelectors(["2+tag:x+", "@y"])).toEqual([
      [{ raw: "2+tag:x+", method: "tag", value: "x", parents: 2, children: Infinity, childrenWithParents: false }],
      [{ raw: "@y", method: "name", value: "y", parents: 0, children: 0, childrenWithParents: true }],
    ]);
  });
});

describe("selectionRows", () => {
  it("lists what a selection resolves to, with the plan when given", () => {
    const ids = selectActions(graph, { select: ["+orders"] });
    const rows = selectionRows(graph, ids, planRebuild(graph, builtState(graph), () => false));
    expect(rows.map((row) => [row.id, row.type, row.plan?.split(" ")[0]])).toEqual([
      [id("raw_orders", "raw"), "declaration", "up_to_date"],
      [id("stg_orders"), "view", "up_to_date"],
      [id("orders"), "incremental", "incremental"],
    ]);
    expect(rows[2]).toMatchObject({ target: "lakehouse", tags: "nightly", file: "definitions/gold/orders.sqlx" });
  });
});
