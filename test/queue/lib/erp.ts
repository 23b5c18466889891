/**
 * A finance example end to end into a real database, as users chain it (docs/recipes/locked-bookings-to-erp.md):
 * the Pronestor Planner locked-booking examples — the trigger (examples/pronestor/new-locked-bookings.json) and the
 * nightly export (examples/pronestor/export-locked-bookings-csv.json, its CSV step replaced) — each followed by n8n's
 * own Postgres node, Insert or Update on the booking id, into the recipe's table in a database of the queue stage's
 * PostgreSQL cluster. Test-only: `npm start` runs n8n on SQLite and has no PostgreSQL for an example to write to.
 *
 * The table counts its writes (a trigger on UPDATE, test instrumentation only): a re-run updates rows in place,
 * and a booking the trigger emitted once was written once.
 */
import { randomUUID } from 'crypto';
import type { CredentialImport, WorkflowJson } from '../../../scripts/lib/n8n';
import type { PostgresCluster, PostgresDatabase } from './servers';
import { onWorkers, workerCopyId, workerCopyPath } from './workflows';

type Node = WorkflowJson['nodes'][number];

export const ERP = {
	database: 'erp',
	user: 'erp',
	table: 'pronestor_locked_bookings',
	credential: { id: 'qErpPostgresCred', name: 'ERP database (queue stage)' },
	node: 'ERP: Upsert Locked Booking',
	/** The trigger example with the ERP step (the queue stage's Pronestor polling case runs this one). */
	triggerId: 'qpnLockedToErp',
	triggerNode: 'New Locked Booking',
	/** The nightly export with the ERP step, started by a webhook (a published copy, as every Manual Trigger example). */
	exportSource: 'pnExportToErp',
	exportNode: 'Export Locked Bookings',
	get exportId(): string {
		return workerCopyId(this.exportSource);
	},
	get exportPath(): string {
		return workerCopyPath(this.exportSource);
	},
};

/** The recipe's table, owned by the ERP user, plus the write counter. */
const TABLE_SQL = `
CREATE TABLE ${ERP.table} (
  booking_id   text PRIMARY KEY,
  locked_at    timestamptz NOT NULL,
  cost_center  text NOT NULL,
  amount       numeric(12, 2) NOT NULL,
  currency     text,
  resource     text,
  title        text,
  writes       integer NOT NULL DEFAULT 1
);
CREATE FUNCTION count_writes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.writes := OLD.writes + 1; RETURN NEW; END $$;
CREATE TRIGGER count_writes BEFORE UPDATE ON ${ERP.table} FOR EACH ROW EXECUTE FUNCTION count_writes();
ALTER TABLE ${ERP.table} OWNER TO ${ERP.user};`;

/** A database and user of their own for the ERP (not n8n's), and the table. */
export function createErpDatabase(cluster: PostgresCluster): PostgresDatabase {
	const password = `erp-${randomUUID()}`;
	cluster.sql(`CREATE USER ${ERP.user} WITH PASSWORD '${password}'`);
	cluster.sql(`CREATE DATABASE ${ERP.database} OWNER ${ERP.user}`);
	cluster.sql(TABLE_SQL, ERP.database);
	return { host: '127.0.0.1', port: cluster.port, database: ERP.database, user: ERP.user, password };
}

/** n8n's Postgres credential for it, imported with the others through `n8n import:credentials`. */
export function erpCredential(db: PostgresDatabase): CredentialImport {
	return {
		...ERP.credential,
		type: 'postgres',
		data: { host: db.host, port: db.port, database: db.database, user: db.user, password: db.password, ssl: 'disable', maxConnections: 10 },
	};
}

export interface ErpRow {
	bookingId: string;
	lockedAt: number;
	costCenter: string;
	amount: number;
	currency: string | null;
	resource: string | null;
	writes: number;
}

/** The table as PostgreSQL holds it (read with psql, not through n8n). */
export function erpRows(cluster: PostgresCluster): ErpRow[] {
	const rows = cluster.sql(
		`SELECT booking_id, extract(epoch from locked_at) * 1000, cost_center, amount, coalesce(currency, '\\N'), coalesce(resource, '\\N'), writes FROM ${ERP.table} ORDER BY booking_id`,
		ERP.database,
	);
	const nullable = (v: string) => (v === '\\N' ? null : v);
	return rows.map((line) => {
		const [bookingId, lockedAt, costCenter, amount, currency, resource, writes] = line.split('\t');
		return { bookingId, lockedAt: Math.round(Number(lockedAt)), costCenter, amount: Number(amount), currency: nullable(currency), resource: nullable(resource), writes: Number(writes) };
	});
}

/**
 * n8n's Postgres node (2.6), Insert or Update with *Columns to Match On* = booking_id. The invoice line (the Set
 * node before it) gives the id, lock time, cost centre and amount; currency and resource come from the booking's
 * `normalized` fields through the paired item of `source` (the trigger or the export node).
 */
function upsertNode(source: string, position: unknown): Node {
	const column = (id: string, type: string, required = false) => ({ id, displayName: id, required, defaultMatch: false, display: true, type, canBeUsedToMatch: true });
	return {
		id: randomUUID(),
		name: ERP.node,
		type: 'n8n-nodes-base.postgres',
		typeVersion: 2.6,
		position,
		parameters: {
			operation: 'upsert',
			schema: { __rl: true, mode: 'list', value: 'public' },
			table: { __rl: true, mode: 'name', value: ERP.table },
			columns: {
				mappingMode: 'defineBelow',
				value: {
					booking_id: '={{ $json.bookingId }}',
					locked_at: '={{ $json.lockedAt }}',
					cost_center: '={{ $json.costCenter }}',
					amount: '={{ $json.amount }}',
					currency: `={{ $('${source}').item.json.normalized.amount.currency }}`,
					resource: `={{ $('${source}').item.json.normalized.resource.name }}`,
				},
				matchingColumns: ['booking_id'],
				schema: [
					column('booking_id', 'string', true),
					column('locked_at', 'string', true),
					column('cost_center', 'string', true),
					column('amount', 'number', true),
					column('currency', 'string'),
					column('resource', 'string'),
				],
			},
			options: {},
		},
		credentials: { postgres: ERP.credential },
	};
}

/** `wf` with the ERP step after `after` (replacing `replace` when given, e.g. the CSV file step). */
function withErpStep(wf: WorkflowJson, source: string, after: string, replace?: string): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowJson;
	const anchor = copy.nodes.find((n) => n.name === (replace ?? after));
	if (!anchor) throw new Error(`${wf.id} has no node "${replace ?? after}"`);
	if (!copy.nodes.some((n) => n.name === after)) throw new Error(`${wf.id} has no node "${after}"`);
	if (replace) {
		copy.nodes = copy.nodes.filter((n) => n.name !== replace);
		delete copy.connections[replace];
	}
	const position = replace ? anchor.position : [Number((anchor.position as number[])[0]) + 240, Number((anchor.position as number[])[1])];
	copy.nodes.push(upsertNode(source, position));
	copy.connections[after] = { main: [[{ node: ERP.node, type: 'main', index: 0 }]] };
	return copy;
}

/** The trigger example → Postgres: what the queue stage's Pronestor polling case activates. */
export function erpTriggerWorkflow(example: WorkflowJson): WorkflowJson {
	const wf = withErpStep(example, ERP.triggerNode, 'Invoice Line');
	return { ...wf, id: ERP.triggerId, name: `${example.name} → ERP database (queue stage)`, active: false };
}

/** The nightly export → Postgres, as a webhook-started copy that runs on the workers. */
export function erpExportWorkflow(example: WorkflowJson): WorkflowJson {
	const wf = withErpStep(example, ERP.exportNode, 'Invoice Lines', 'Locked Bookings CSV');
	return onWorkers({ ...wf, id: ERP.exportSource, name: `${example.name} → ERP database` });
}
