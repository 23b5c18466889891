import { entityGetManyOperation } from '../../../shared/builders/entity';
import { PROJECT } from '../../contract';
import { entityFunctions } from '../../fields';

export const operation = entityGetManyOperation({ ...PROJECT, ...entityFunctions });
