/**
 * The log head put of a raw audit append, as the adapter writes it at its cheapest: the head at its
 * new size, conditional on the size read (or on there being none yet). The bench's raw floors use
 * it, so each writes the head the same way.
 */
export function headPut(table: string, origin: string, size: number, next: number, leaf: Uint8Array) {
  return {
    Put: {
      TableName: table,
      Item: { pk: origin, org: 'demo', size: next, frontier: [leaf] },
      ...(size === 0
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: '#size = :expected',
            ExpressionAttributeNames: { '#size': 'size' },
            ExpressionAttributeValues: { ':expected': size },
          }),
    },
  };
}
