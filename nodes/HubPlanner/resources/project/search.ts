import { PROJECT, entitySearchOperation } from '../entity';

export const search = entitySearchOperation(PROJECT);
