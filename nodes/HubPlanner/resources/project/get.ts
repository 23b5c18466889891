import { PROJECT, entityGetOperation } from '../entity';

export const get = entityGetOperation(PROJECT);
