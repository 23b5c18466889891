import { entitySearchOperation } from '../../../shared/builders/entity';
import { PROJECT } from '../../contract';
import { entityFunctions } from '../../fields';

export const operation = entitySearchOperation({ ...PROJECT, ...entityFunctions });
