import { entityGetOperation } from '../../../shared/builders/entity';
import { RESOURCE } from '../../contract';
import { entityFunctions } from '../../fields';

export const operation = entityGetOperation({ ...RESOURCE, ...entityFunctions });
