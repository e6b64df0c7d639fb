// The registry's pure domain: values, policies, events, commands, deciders and rules.
