import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested, ValidationError, validateSync } from 'class-validator';
import { Omittable } from '../validation/omittable';
import { ApiError } from './api-error';
import { validationErrorsToApiError } from './validation-errors';

class Address {
  @IsString()
  city!: string;
}

class Line {
  @IsInt()
  @Min(1)
  amount!: number;
}

class Order {
  @IsString()
  name!: string;

  @Omittable()
  @ValidateNested()
  @Type(() => Address)
  address?: Address;

  @Omittable()
  @ValidateNested({ each: true })
  @Type(() => Line)
  lines?: Line[];
}

function validate(body: object): ValidationError[] {
  const instance = plainToInstance(Order, body);
  return validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    validationError: { target: false, value: true },
  });
}

function apiErrorFor(body: object): ApiError {
  const errors = validate(body);
  expect(errors.length).toBeGreaterThan(0);
  return validationErrorsToApiError(errors);
}

describe('validationErrorsToApiError', () => {
  it('reports a field the DTO does not declare as parameter_unknown', () => {
    const error = apiErrorFor({ name: 'Ada', colour: 'red' });

    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.type).toBe('invalid_request');
    expect(error.code).toBe('parameter_unknown');
    expect(error.details).toEqual({ param: 'colour' });
    expect(error.message).toBe('Received unknown parameter: colour.');
  });

  it('reports a required field that was not sent as parameter_missing', () => {
    const error = apiErrorFor({});

    expect(error.status).toBe(400);
    expect(error.code).toBe('parameter_missing');
    expect(error.details).toEqual({ param: 'name' });
    expect(error.message).toBe('Missing required parameter: name.');
  });

  it('reports a field of the wrong type as parameter_invalid, naming the field first', () => {
    const error = apiErrorFor({ name: 42 });

    expect(error.status).toBe(400);
    expect(error.code).toBe('parameter_invalid');
    expect(error.details).toEqual({ param: 'name' });
    expect(error.message).toBe('name must be a string.');
  });

  it('treats null as invalid rather than missing', () => {
    const error = apiErrorFor({ name: null });

    expect(error.code).toBe('parameter_invalid');
    expect(error.details).toEqual({ param: 'name' });
  });

  it('names a nested field by its dotted path', () => {
    const error = apiErrorFor({ name: 'Ada', address: { city: 7 } });

    expect(error.code).toBe('parameter_invalid');
    expect(error.details).toEqual({ param: 'address.city' });
    expect(error.message).toBe('address.city must be a string.');
  });

  it('reports a missing nested field by its dotted path', () => {
    const error = apiErrorFor({ name: 'Ada', address: {} });

    expect(error.code).toBe('parameter_missing');
    expect(error.details).toEqual({ param: 'address.city' });
  });

  it('reports an unknown nested field by its dotted path', () => {
    const error = apiErrorFor({ name: 'Ada', address: { city: 'Paris', zip: '75001' } });

    expect(error.code).toBe('parameter_unknown');
    expect(error.details).toEqual({ param: 'address.zip' });
  });

  it('names a field inside an array element with its index', () => {
    const error = apiErrorFor({ name: 'Ada', lines: [{ amount: 1 }, { amount: 0 }] });

    expect(error.code).toBe('parameter_invalid');
    expect(error.details).toEqual({ param: 'lines[1].amount' });
    expect(error.message).toMatch(/^lines\[1\]\.amount must not be less than 1\.$/);
  });

  it('reports the first failing field when several fail', () => {
    const errors = validate({ name: 1, address: { city: 2 } });
    expect(errors.length).toBe(2);

    expect(validationErrorsToApiError(errors).details).toEqual({ param: 'name' });
  });

  it('reports an error with no property as body_malformed', () => {
    const errors = validateSync({ name: 'not a DTO instance' }, { forbidUnknownValues: true });
    expect(errors[0].property).toBeUndefined();

    const error = validationErrorsToApiError(errors);

    expect(error.status).toBe(400);
    expect(error.code).toBe('body_malformed');
    expect(error.details).toEqual({});
    expect(error.message).toBe('The request body must be a JSON object.');
  });

  it('reports an empty error list as body_malformed', () => {
    expect(validationErrorsToApiError([]).code).toBe('body_malformed');
  });

  it('keeps a message that does not start with the property name, prefixed by the path', () => {
    const error = validationErrorsToApiError([
      Object.assign(new ValidationError(), {
        property: 'amount',
        value: '12',
        constraints: { custom: 'Amounts must be decimal strings' },
        children: [],
      }),
    ]);

    expect(error.code).toBe('parameter_invalid');
    expect(error.message).toBe('Invalid amount: Amounts must be decimal strings.');
  });
});
