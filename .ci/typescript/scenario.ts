// Compiled (never run) by .ci/client against the types openapi-typescript generates from the
// schema (schema.d.ts) and the list of components the server answers with (response-names.ts,
// written by .ci/client_models.py). It fails to compile when an always-sent field is optional
// (`?:`), or when the types a front end relies on below change shape.
import type { components, paths } from "./schema";
import type { ResponseName, SometimesAbsent } from "./response-names";

type Schemas = components["schemas"];
type OptionalKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T];
// The names of the response components with an optional field (ValidationError, whose fields are
// absent by design, aside).
type Checked = Exclude<ResponseName, keyof SometimesAbsent>;
type WithOptionalFields = { [N in Checked]: [OptionalKeys<Schemas[N]>] extends [never] ? never : N }[Checked];
// Compiles only when that set is empty; otherwise tsc names the components ("Type '"Order"' does
// not satisfy the constraint 'never'").
type Empty<T extends never> = T;
export type NoResponseFieldIsOptional = Empty<WithOptionalFields>;

type Order = Schemas["Order"];
type OrderList = paths["/api/v1/orders/"]["get"]["responses"][200]["content"]["application/json"];
type OrderQuery = NonNullable<paths["/api/v1/orders/"]["get"]["parameters"]["query"]>;
type Conflict = paths["/api/v1/orders/"]["post"]["responses"][409]["content"]["application/json"];

// A line is changed by its id; next/previous are always there (null on the edges).
export function lineIds(order: Order): number[] {
  return order.items.map((line) => line.id);
}
export function hasNextPage(page: OrderList): boolean {
  return page.next !== null;
}
// The filter takes the status the order carries; ordering is one of its values.
export function sameStatus(order: Order): OrderQuery {
  return { status: order.status, ordering: "-price", page_size: 20 };
}
// Each 409 says which case it is.
export function whatToDo(conflict: Conflict): string {
  switch (conflict.code) {
    case "stock_shortage":
      return conflict.items.map((item) => `${item.inventory_item}: ${item.available}`).join(", ");
    case "idempotency_key_reused":
    case "idempotency_key_in_progress":
      return conflict.detail;
  }
}
