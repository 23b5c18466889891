import { entityGetManyOperation } from '../../../shared/builders/entity';
import { RESOURCE } from '../../contract';
import { entityFunctions } from '../../fields';

export const operation = entityGetManyOperation({ ...RESOURCE, ...entityFunctions });
