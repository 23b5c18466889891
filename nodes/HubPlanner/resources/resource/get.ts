import { RESOURCE, entityGetOperation } from '../entity';

export const get = entityGetOperation(RESOURCE);
