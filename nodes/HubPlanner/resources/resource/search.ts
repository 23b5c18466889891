import { RESOURCE, entitySearchOperation } from '../entity';

export const search = entitySearchOperation(RESOURCE);
