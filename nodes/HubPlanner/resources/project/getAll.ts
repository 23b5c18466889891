import { PROJECT, entityGetManyOperation } from '../entity';

export const getAll = entityGetManyOperation(PROJECT);
