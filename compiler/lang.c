// SPDX-License-Identifier: Apache-2.0
/* Lookups in the language tables (argtypes.def, lang.def). */
#include <string.h>

#include "ast.h"

static const struct {
	const char *name;
	enum argtype_class cls;
	int width;
	bool sgn;
	const char *json;
} argtypes[ARG__N] = {
#define ARGTYPE(id, name, cls, width, sgn, json) [ARG_##id] = { name, ATC_##cls, width, sgn, json },
#include "argtypes.def"
};

static const struct {
	const char *name;
	int id;
} argaliases[] = {
#define ARGTYPE(id, name, cls, width, sgn, json)
#define ARGALIAS(name, id) { name, ARG_##id },
#include "argtypes.def"
};

static const char *const ops[OP__N] = {
#define OP(id, name, kinds) [OP_##id] = name,
#include "lang.def"
};

static const char *const actions[ACT__N] = {
#define ACTION(id, name) [ACT_##id] = name,
#include "lang.def"
};

const struct limit_info tpc_limits[LIMIT__N] = {
#define LIMIT(id, v, what) [LIMIT_##id] = { #id, v, what },
#include "lang.def"
};

const char *argtype_name(enum argtype t)
{
	return argtypes[t].name;
}

enum argtype_class argtype_class(enum argtype t)
{
	return argtypes[t].cls;
}

int argtype_width(enum argtype t)
{
	return argtypes[t].width;
}

bool argtype_signed(enum argtype t)
{
	return argtypes[t].sgn;
}

const char *argtype_json_key(enum argtype t)
{
	return argtypes[t].json;
}

int argtype_lookup(const char *s)
{
	size_t i;

	for (i = 0; i < ARG__N; i++)
		if (!strcmp(argtypes[i].name, s))
			return (int)i;
	for (i = 0; i < sizeof(argaliases) / sizeof(argaliases[0]); i++)
		if (!strcmp(argaliases[i].name, s))
			return argaliases[i].id;
	return -1;
}

const char *op_name(enum op o)
{
	return ops[o];
}

int op_lookup(const char *s)
{
	int i;

	for (i = 0; i < OP__N; i++)
		if (!strcmp(ops[i], s))
			return i;
	return -1;
}

const char *action_name(enum action a)
{
	return actions[a];
}

int action_lookup(const char *s)
{
	int i;

	for (i = 0; i < ACT__N; i++)
		if (!strcmp(actions[i], s))
			return i;
	return -1;
}
