import { RESOURCE, entityGetManyOperation } from '../entity';

export const getAll = entityGetManyOperation(RESOURCE);
