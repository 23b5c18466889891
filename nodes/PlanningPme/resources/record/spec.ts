import type { RecordEntity } from '../../transport';

/** Task, customer, resource and project share one shape in PlanningPME's API; each is described by one spec. */
export interface RecordSpec {
	value: RecordEntity;
	label: string;
	plural: string;
	/** listSearch method for the "From List" picker. */
	searchMethod: string;
	/** A field whose values come from an `api/config` enum (e.g. resource type). */
	typeField?: { displayName: string; name: string; loadOptionsMethod: string; description: string };
}

export const SPECS: Record<RecordEntity, RecordSpec> = {
	task: { value: 'task', label: 'Task', plural: 'tasks', searchMethod: 'searchTasks' },
	customer: {
		value: 'customer',
		label: 'Customer',
		plural: 'customers',
		searchMethod: 'searchCustomers',
		typeField: {
			displayName: 'Customer Type Name or ID',
			name: 'type',
			loadOptionsMethod: 'getCustomerTypes',
			description:
				'Individual or company, from the CustomerType list of your API version. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	},
	resource: {
		value: 'resource',
		label: 'Resource',
		plural: 'resources',
		searchMethod: 'searchResources',
		typeField: {
			displayName: 'Resource Type Name or ID',
			name: 'type',
			loadOptionsMethod: 'getResourceTypes',
			description:
				'Human, material, to plan or external, from the ResourceType list of your API version. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	},
	project: {
		value: 'project',
		label: 'Project',
		plural: 'projects',
		searchMethod: 'searchProjects',
	},
};

export function keyParameter(spec: RecordSpec): string {
	return `${spec.value}Key`;
}
